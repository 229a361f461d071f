"""Places: every toponym, resolved to a point with its type, province and country.

Output (``PlaceMention``): ``name`` (the gazetteer's name, or the name as written when only a cue
says place), ``type`` (country|admin1|admin2|city|town|village|region|other), ``country_code``,
``admin1``, ``lat``, ``lon``, ``geonames_id`` (null for hand-kept rows), ``precision`` (1 the
named place itself, 2 near or part of it, 3 only a province, region or country: ACLED's
geo_precision) and ``role`` (actor where a country or capital acts: "Turkey says", "Ankara
warned", "Turkey's Defence Ministry said"; else location).

Spans: the name, with a head word that belongs to it ("Idlib province", "Idlib city", "Anbar
governorate") or the facility it names ("Aleppo Airport"); a descriptor before the name stays
out ("the town of Saraqeb" gives "Saraqeb"). Nationalities ("Turkish", "Russian-backed") are
never places; they only count as evidence for the country an article is about.

Descriptions ("the town", "the hospital", "a mosque") are places too, marked
``reference="nominal"`` (toponyms are ``reference="name"``): a settlement word takes the place it
refers back to, a facility word the point of the nearest named place of its sentence or
paragraph with precision 2 (see ``_places_nominal``; ``NOMINALS = False`` turns them off).

Finding lives in ``_places_recognize``, choosing among namesakes in ``_places_resolve``.
"""

from __future__ import annotations

from functools import cache

import regex

from idlibparse import compiled, lexicon
from idlibparse.document import Document
from idlibparse.extractors._places_nominal import nominal_mentions
from idlibparse.extractors._places_recognize import Found, find
from idlibparse.extractors._places_resolve import resolve
from idlibparse.gazetteer import Place
from idlibparse.records import PlaceMention

# Whether descriptions ("the town", "the hospital") are reported as places too.
NOMINALS = True
# Types whose point stands for an area: a mention of them locates only to that area.
_AREA_TYPES = frozenset({"country", "admin1", "admin2", "region"})
# "'s <body>" after a country or capital: "Turkey's Defence Ministry said".
_ACTING_BODY = (
    r"(?:government|ministry|foreign\sministry|defen[cs]e\sministry|interior\sministry|military|army|"
    r"armed\sforces|air\sforce|navy|president|prime\sminister|foreign\sminister|defen[cs]e\sminister|"
    r"leader|leadership|parliament|cabinet|intelligence|authorities|officials|diplomats|envoy|"
    r"ambassador|embassy|state\smedia|state\snews\sagency)"
)


@cache
def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' point for each large country (see places_country_points.tsv)."""
    return {row[0]: (float(row[1]), float(row[2])) for row in lexicon.table("places_country_points.tsv")}


@cache
def _admin1_points() -> dict[tuple[str, str], tuple[float, float]]:
    """GeoNames' point for each US state and Canadian province (places_admin1_points.tsv)."""
    return {
        (row[0], row[1]): (float(row[2]), float(row[3])) for row in lexicon.table("places_admin1_points.tsv")
    }


def _point(place: Place) -> tuple[float, float]:
    """The point a country or a state mention resolves to: GeoNames' where the data files keep
    it (the gazetteer's median of towns can lie far from it for big areas), else the
    gazetteer's."""
    if place.type == "country":
        return _country_points().get(place.country_code, (place.lat, place.lon))
    if place.type == "admin1":
        return _admin1_points().get((place.country_code, place.name), (place.lat, place.lon))
    return place.lat, place.lon


@cache
def _actor_pattern() -> regex.Pattern[str]:
    verbs = lexicon.alternation(lexicon.ordered_words("places_actor_verbs.txt"))
    return compiled.compile(
        rf"""\A(?:
            ['’]s\s(?:(?i:{_ACTING_BODY}))(?![\p{{L}}])
          | \s(?:and\s\p{{Lu}}[\p{{L}}\-]*+\s)?
            (?:(?:also|has|have|had|will|would|now|then|again|already|previously|reportedly|
                 officially|repeatedly|quickly|\p{{Ll}}{{2,20}}ly|on\s\p{{Lu}}\p{{Ll}}++)\s){{0,3}}
            (?:{verbs})(?![\p{{L}}])
        )""",
        regex.VERBOSE,
    )


def extract(doc: Document) -> list[PlaceMention]:
    found, demonym_codes = find(doc)
    dateline_end = doc.dateline.end if doc.dateline else None
    places, dropped = resolve(found, demonym_codes, dateline_end)
    mentions: list[PlaceMention] = []
    for index, (f, place) in enumerate(zip(found, places, strict=True)):
        if index in dropped:
            continue
        anchor = places[f.anchor] if f.anchor is not None else None
        mentions.append(_mention(doc, f, place, anchor))
    if NOMINALS:
        # "the city said": a government acting, not a place
        nominals = [m for m in nominal_mentions(doc, mentions) if not _acts(doc.text, m.end)]
        mentions.extend(nominals)
        mentions.sort(key=lambda m: m.start)
    return mentions


def _mention(doc: Document, f: Found, place: Place | None, anchor: Place | None) -> PlaceMention:
    text = doc.text[f.start : f.end]
    section = doc.section_at(f.start)
    if place is None:
        # Only a cue says place: typed from the cue, located at its anchor if the text gives one.
        if anchor is None:
            return PlaceMention(
                text, f.start, f.end, section, f.surface, f.qualifier or "other", precision=f.precision
            )
        return PlaceMention(
            text,
            f.start,
            f.end,
            section,
            f.surface,
            f.qualifier or "other",
            anchor.country_code,
            anchor.admin1,
            anchor.lat,
            anchor.lon,
            precision=2,
        )
    if f.facility:
        return PlaceMention(
            text,
            f.start,
            f.end,
            section,
            text,
            "other",
            place.country_code or None,
            place.admin1,
            place.lat,
            place.lon,
            precision=2,
        )
    precision = 3 if place.type in _AREA_TYPES else f.precision
    lat, lon = _point(place)
    return PlaceMention(
        text,
        f.start,
        f.end,
        section,
        place.name,
        place.type,
        place.country_code or None,
        place.admin1,
        lat,
        lon,
        place.geonames_id,
        precision,
        _role(doc.text, f, place),
    )


def _may_act(text: str, end: int) -> bool:
    """Whether what follows ``end`` can start :func:`_actor_pattern`'s match: "'s" or a white
    space and a lower-case letter (every branch after the space starts with a lower-case word;
    the pattern's white space is white space to ``str.isspace`` too; beyond ASCII the pattern's
    Unicode tables may be newer, so any letter there passes). Most names are followed by
    neither, so the pattern is not tried there."""
    after = text[end : end + 2]
    if after[:1] in ("'", "’"):
        return True
    return after[:1].isspace() and (after[1:].islower() or not after[1:].isascii())


def _acts(text: str, end: int) -> bool:
    return _may_act(text, end) and _actor_pattern().match(text[end : end + 80]) is not None


def _role(text: str, f: Found, place: Place) -> str:
    """Actor where a country or a national capital acts ("Turkey says", "Ankara warned")."""
    if place.type != "country" and not place.capital_of:
        return "location"
    if f.end != f.start + len(f.surface):
        return "location"  # "Idlib province", "Aleppo Airport": a place, not a government
    return "actor" if _acts(text, f.end) else "location"
