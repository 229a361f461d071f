"""Choosing the place a name means (the places extractor's second half).

Evidence comes from the article itself: the countries it names, its nationality words and its
dateline; the provinces and states it names; the place written right after a name ("Paris,
Texas"; "Alexandria, La."); the qualifier a cue gives ("Idlib province" is the governorate,
"Idlib city" the city); and the reading an earlier qualified mention gave the same name. Size
(countries and provinces first, then population) settles what the article leaves open.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from idlibparse import gazetteer
from idlibparse.extractors._places_recognize import Found
from idlibparse.gazetteer import Place

# Which candidate types answer a cue's type.
_FITS: dict[str, frozenset[str]] = {
    "admin1": frozenset({"admin1", "region"}),
    "admin2": frozenset({"admin2", "admin1"}),
    "region": frozenset({"region", "admin1", "admin2"}),
    "city": frozenset({"city", "town"}),
    "town": frozenset({"town", "city", "village"}),
    "village": frozenset({"village", "town"}),
}
_ADMIN = frozenset({"admin1", "admin2", "region"})
_SETTLEMENT = frozenset({"city", "town", "village"})
# A town this big is what its bare name means even where a province shares it ("Marib").
_NAMESAKE_CAPITAL = 10_000
# Below this population a place named by a bare word needs the article's support.
_SMALL = 20_000
# Scored as if this populous: admin1 regions, whose population the gazetteer leaves at 0.
_ADMIN1_WEIGHT = 300_000
# A namesake this big keeps a country's name from counting as evidence for it ("Georgia").
_BIG_RIVAL = 100_000
# How many unambiguous places serve as anchors for their namesake neighbours.
_MAX_ANCHORS = 40
# How many candidates of one name are weighed (the rest are ever smaller namesakes).
_MAX_CANDIDATES = 25
# Country votes (of other names) from which the article's countries count in full.
_FULL_EVIDENCE = 3.0
# Added for a town whose state or province the article names itself (on top of the +2 for
# any place of the article lying there): the article's own words outweigh population.
_NAMED_STATE = 2.0
# A namesake this big keeps its name from a town in a named state ("Boston").
_BIG_CITY = 500_000
# Grid cells for names that explain each other, in degrees (about 28 km of latitude), and what
# a candidate gains when another name has one in its cell or the next.
_CELL_DEGREES = 0.25
_BESIDE = 1.0
# Latitude difference beyond which an anchor is farther than 300 km.
_ANCHOR_DEGREES = 2.75


@dataclass(slots=True)
class Evidence:
    countries: defaultdict[str, float]
    admin1s: Counter[tuple[str, str]]
    dateline_country: str | None = None
    # (country, admin1) -> how many distinct names in the article could lie there: the province
    # or state that explains most of its names is where a local story happens.
    support: Counter[tuple[str, str]] = field(default_factory=Counter)
    # folded name -> the country votes its own mentions cast
    own: dict[str, defaultdict[str, float]] = field(default_factory=dict)
    # Points of places the article names without ambiguity: a namesake near them is likelier.
    anchors: tuple[tuple[float, float, str], ...] = ()
    # grid cell (see _cell) -> how many names have a town or district candidate in it or in a
    # cell next to it: two ambiguous names whose readings lie side by side ("Paris" and "Henry
    # County") explain each other
    cells: Counter[int] = field(default_factory=Counter)
    # Sums kept so that a share costs two dict probes: all votes, each name's own votes, and
    # the best support of any (country, admin1).
    _total: float | None = None
    _own_totals: dict[str, float] = field(default_factory=dict)
    _best_support: int | None = None
    _weights: dict[str, float] = field(default_factory=dict)
    # (country, admin1) of the provinces and states the article names itself ("Ohio", "Ga.")
    named: frozenset[tuple[str, str]] = frozenset()

    def nearness(self, c: Place, surface_key: str) -> float:
        """1 when a sure place of another name lies within 100 km of ``c``, 0.5 within 300 km."""
        best = 0.0
        for lat, lon, key in self.anchors:
            if key == surface_key or abs(lat - c.lat) > _ANCHOR_DEGREES:
                continue  # (a degree of latitude is 111 km: farther than 300 km)
            km = _km(lat, lon, c.lat, c.lon)
            if km < 100:
                return 1.0
            if km < 300:
                best = 0.5
        return best

    def total(self) -> float:
        if self._total is None:
            self._total = sum(self.countries.values())
        return self._total

    def share(self, code: str, key: str | None = None) -> float:
        """The share of the article's country votes for ``code``, leaving out the votes of the
        name ``key`` itself (an ambiguous name is no evidence for its own reading)."""
        total = self.total()
        votes = self.countries.get(code, 0.0)
        own = self.own.get(key) if key is not None else None
        if own and key is not None:
            own_total = self._own_totals.get(key)
            if own_total is None:
                own_total = self._own_totals[key] = sum(own.values())
            total -= own_total
            votes -= own.get(code, 0.0)
        return votes / total if total > 1e-9 else 0.0

    def weight(self, key: str) -> float:
        """How far the country votes of names other than ``key`` can be trusted, 0..1: a
        single other name is thin evidence ("Washington and Moscow" makes no American Moscow)."""
        found = self._weights.get(key)
        if found is None:
            own = self.own.get(key)
            others = self.total() - (sum(own.values()) if own else 0.0)
            found = self._weights[key] = min(1.0, others / _FULL_EVIDENCE)
        return found

    def best_support(self) -> int:
        """The support of the (country, admin1) that explains most names, 0 when none does."""
        if not self.support:
            return 0
        if self._best_support is None:
            self._best_support = max(self.support.values())
        return self._best_support


def resolve(
    found: list[Found], demonym_codes: list[str], dateline_end: int | None
) -> tuple[list[Place | None], set[int]]:
    """One chosen place (or None: a cue-only name) per Found, in the same order, and the
    indices of mentions to drop: small namesakes far from anything the article is about."""
    evidence = _first_evidence(found, demonym_codes, dateline_end)
    memo: dict[tuple[object, ...], Place | None] = {}
    chosen = [_choose(f, evidence, None, {}, memo) for f in found]
    memo = {}
    # Second pass: what was chosen is now evidence too, with each name's first qualified reading
    # and the place written right after each name.
    evidence = _chosen_evidence(found, chosen, demonym_codes, evidence)
    evidence.anchors = _anchors(found)
    evidence.cells = _cells(found)
    readings = _qualified_readings(found, chosen)
    # (which mentions have a state or country in apposition: asked once, read three times)
    apposed = [_is_apposition(found, index) for index in range(len(found) - 1)] + [False]
    final: list[Place | None] = []
    for index, f in enumerate(found):
        neighbour = chosen[index + 1] if apposed[index] else None
        final.append(_choose(f, evidence, neighbour, readings, memo))
    # One sense per article: "Springfield, Ohio" tells what the bare "Springfield" means too.
    placed = _placed_readings(found, final, readings, apposed)
    if placed:
        memo = {}
        for index, f in enumerate(found):
            if f.qualifier is None and gazetteer.fold(f.surface) in placed:
                neighbour = chosen[index + 1] if apposed[index] else None
                final[index] = _choose(f, evidence, neighbour, placed, memo)
    dropped = {
        i
        for i, (f, place) in enumerate(zip(found, final, strict=True))
        if _out_of_place(f, place, evidence, final[i + 1] if apposed[i] else None)
    }
    return final, dropped


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough at the scale of a province."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _anchors(found: list[Found]) -> tuple[tuple[float, float, str], ...]:
    """Towns, cities and districts the article names that dwarf their namesakes."""
    points: dict[str, tuple[float, float, str]] = {}
    for f in found:
        if not f.candidates or len(points) >= _MAX_ANCHORS:
            continue
        place = _facts_of(f.candidates).anchor
        if place is not None:
            key = gazetteer.fold(f.surface)
            points.setdefault(key, (place.lat, place.lon, key))
    return tuple(points.values())


def _cell(lat: float, lon: float) -> int:
    """The grid cell of a point, as one number: row * _ROW + column."""
    return math.floor(lat / _CELL_DEGREES) * _ROW + math.floor(lon / _CELL_DEGREES)


# Cells per row in _cell's numbering (more than the 1440 columns of the globe), and the cell
# numbers of a cell's neighbourhood relative to its own.
_ROW = 4096
_NEIGHBOURHOOD = tuple(dr * _ROW + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1))


def _cells(found: list[Found]) -> Counter[int]:
    """Grid cell -> how many names have a settlement or district candidate in it or next to it.
    A name's candidates are those of its folded key, so a candidate's cell counts its own name
    once: another name lies beside it where the count is 2 or more."""
    cells: Counter[int] = Counter()
    seen: set[str] = set()
    for f in found:
        if not f.candidates or f.abbreviation is not None:
            continue
        key = gazetteer.fold(f.surface)
        if key in seen:
            continue
        seen.add(key)
        cells.update(_facts_of(f.candidates).around)  # (counted in C)
    return cells


def _out_of_place(f: Found, place: Place | None, evidence: Evidence, neighbour: Place | None) -> bool:
    """A small place (a village somewhere) named by a bare word is kept only when the article
    is about its country or province, or a cue or the words after it say place."""
    if place is None or f.cued or f.abbreviation is not None or neighbour is not None:
        return False
    if place.type in ("country", "admin1", "admin2", "region") or place.population >= _SMALL:
        return False
    if place.admin1 and evidence.admin1s.get((place.country_code, place.admin1)):
        return False
    return evidence.share(place.country_code) < 0.25


def _votes(codes: list[str]) -> defaultdict[str, float]:
    votes: defaultdict[str, float] = defaultdict(float)
    for code in codes:
        votes[code] += 1
    return votes


def _first_evidence(found: list[Found], demonym_codes: list[str], dateline_end: int | None) -> Evidence:
    countries = _votes(demonym_codes)
    admin1s: Counter[tuple[str, str]] = Counter()
    support: Counter[tuple[str, str]] = Counter()
    dateline_country: str | None = None
    seen: set[str] = set()
    own: dict[str, defaultdict[str, float]] = {}
    for f in found:
        if f.abbreviation is not None:
            countries[f.abbreviation[0]] += 2
            if f.abbreviation[1]:
                admin1s[(f.abbreviation[0], f.abbreviation[1])] += 1
                support[(f.abbreviation[0], f.abbreviation[1])] += 1
            continue
        if not f.candidates:
            continue
        key = gazetteer.fold(f.surface)
        areas, codes, has_rivals, one_admin1 = _facts_of(f.candidates)[:4]
        if key not in seen:
            seen.add(key)
            for area in areas:
                support[area] += 1
        top = f.candidates[0]
        votes = own.get(key)
        if votes is None:  # (not setdefault: it would make a dict for every mention)
            votes = own[key] = defaultdict(float)
        if top.type == "country" and not has_rivals:
            countries[top.country_code] += 2
            votes[top.country_code] += 2
            if dateline_end is not None and f.start < dateline_end:
                dateline_country = top.country_code
            continue
        if 0 < len(codes) <= 3:
            for code in codes:
                countries[code] += 1 / len(codes)
                votes[code] += 1 / len(codes)
        if top.type == "admin1" and one_admin1:
            admin1s[(top.country_code, top.admin1 or top.name)] += 1
    return Evidence(countries, admin1s, dateline_country, support, own=own)


_T = TypeVar("_T")


class _ByIdentity(Generic[_T]):
    """What a tuple of candidates says, kept by the tuple's identity: a name's tuple comes from
    the recognizer's caches, so it recurs within and across articles. Each entry keeps its tuple
    alive, so an id is not reused while it is kept; what is kept is only read."""

    __slots__ = ("compute", "kept")

    def __init__(self, compute: Callable[[tuple[Place, ...]], _T]) -> None:
        self.compute = compute
        self.kept: dict[int, tuple[tuple[Place, ...], _T]] = {}

    def __call__(self, candidates: tuple[Place, ...]) -> _T:
        entry = self.kept.get(id(candidates))
        if entry is not None and entry[0] is candidates:
            return entry[1]
        value = self.compute(candidates)
        if len(self.kept) >= 65536:
            self.kept.clear()
        self.kept[id(candidates)] = (candidates, value)
        return value


class _Facts(NamedTuple):
    """What a name's candidates tell the evidence (see _candidate_facts)."""

    areas: set[tuple[str, str]]
    codes: set[str]
    has_rivals: bool
    one_admin1: bool
    anchor: Place | None
    around: frozenset[int]
    sole_county: bool


def _candidate_facts(candidates: tuple[Place, ...]) -> _Facts:
    """What a name's candidates tell the evidence: the (country, admin1) areas they lie in; the
    countries of those that carry the name as their own and have people in them; whether a
    province or a big place rivals the first; whether one alone is a province; the settlement or
    district that dwarfs its namesakes, if any (an anchor, see _anchors); the grid cells of its
    settlements and districts and the cells next to them; whether one alone is a county."""
    top = candidates[:_MAX_CANDIDATES]
    areas = {(c.country_code, c.admin1) for c in top if c.admin1}
    codes = {c.country_code for c in top if c.country_code and (c.population or c.type == "country")}
    has_rivals = any(c.type == "admin1" or c.population >= _BIG_RIVAL for c in candidates[1:])
    one_admin1 = sum(1 for c in candidates if c.type == "admin1") == 1
    anchor = None
    if top:
        place = max(top, key=lambda c: c.population)
        # (no namesake within a tenth of its size)
        if not any(c is not place and c.population * 10 > place.population for c in top) and (
            place.type in _SETTLEMENT or place.type == "admin2"
        ):
            anchor = place
    own = {_cell(c.lat, c.lon) for c in top if c.type in _SETTLEMENT or c.type == "admin2"}
    around = frozenset(cell + near for cell in own for near in _NEIGHBOURHOOD)
    return _Facts(areas, codes, has_rivals, one_admin1, anchor, around, _sole_county(candidates))


_facts_of = _ByIdentity(_candidate_facts)


def _scorer_flags(candidates: tuple[Place, ...]) -> tuple[bool, bool]:
    """Whether a national capital is among the candidates ("Washington" is the capital), and
    whether a country, a province or a big city is (see _Scorer)."""
    return (
        any(o.capital_of for o in candidates),
        any(o.type == "country" or o.type == "admin1" or o.population >= _BIG_CITY for o in candidates),
    )


_flags_of = _ByIdentity(_scorer_flags)


def _chosen_evidence(
    found: list[Found], chosen: list[Place | None], demonym_codes: list[str], first: Evidence
) -> Evidence:
    dateline_country = first.dateline_country
    countries = _votes(demonym_codes)
    admin1s: Counter[tuple[str, str]] = Counter()
    # A name's own votes are those of every mention read as a place of the same name, however
    # written ("Dublin" and "Dublin City"): one name is not evidence for itself.
    by_name: dict[str, defaultdict[str, float]] = {}
    names_of: dict[str, set[str]] = {}
    for f, place in zip(found, chosen, strict=True):
        if place is None:
            continue
        weight = 2 if place.type == "country" else 1
        countries[place.country_code] += weight
        name = gazetteer.fold(place.name)
        # (get before setting: setdefault would make a dict and a set for every mention)
        votes = by_name.get(name)
        if votes is None:
            votes = by_name[name] = defaultdict(float)
        votes[place.country_code] += weight
        surface_key = gazetteer.fold(f.surface)
        names = names_of.get(surface_key)
        if names is None:
            names = names_of[surface_key] = set()
        names.add(name)
        # (not a county of a name many states share: its first reading is a tie among
        # namesakes, every one a Madison County, so no evidence for its state)
        if place.admin1 and (place.type != "admin2" or _facts_of(f.candidates).sole_county):
            admin1s[(place.country_code, place.admin1)] += 1 if place.type != "admin1" else 2
    # "Dublin City", "Dublin area": the longer forms of a name are the name itself
    for key in list(names_of):
        head = key
        while " " in head:
            head = head.rpartition(" ")[0]
            if head in names_of:
                names_of[head] |= names_of[key]
                names_of[key] |= names_of[head]
    own: dict[str, defaultdict[str, float]] = {}
    for key, names in names_of.items():
        votes = own[key] = defaultdict(float)
        for name in names:
            for code, vote in by_name[name].items():
                votes[code] += vote
    if dateline_country:
        countries[dateline_country] += 3
    named = frozenset(
        (place.country_code, place.name)
        for f, place in zip(found, chosen, strict=True)
        if place is not None and place.type == "admin1" and f.qualifier is None
    )
    return Evidence(countries, admin1s, dateline_country, first.support, own=own, named=named)


def _sole_county(candidates: tuple[Place, ...]) -> bool:
    return sum(1 for c in candidates[:_MAX_CANDIDATES] if c.type == "admin2") == 1


def _qualified_readings(found: list[Found], chosen: list[Place | None]) -> dict[str, Place]:
    """A name's first reading given by a qualifier ("Idlib province"), for its bare mentions."""
    readings: dict[str, Place] = {}
    for f, place in zip(found, chosen, strict=True):
        if place is not None and f.qualifier in _FITS and not f.facility:
            readings.setdefault(gazetteer.fold(f.surface), place)
    return readings


def _placed_readings(
    found: list[Found], final: list[Place | None], readings: dict[str, Place], apposed: list[bool]
) -> dict[str, Place]:
    """The qualified readings, plus each name's first reading that the place written after it
    confirmed ("Springfield, Ohio"); empty when no name gained one."""
    placed: dict[str, Place] = {}
    for index, (f, place) in enumerate(zip(found, final, strict=True)):
        neighbour = final[index + 1] if apposed[index] else None
        if place is None or neighbour is None or f.qualifier is not None or f.abbreviation is not None:
            continue
        key = gazetteer.fold(f.surface)
        if key not in readings and _lies_in(place, neighbour):
            placed.setdefault(key, place)
    return {**readings, **placed} if placed else {}


def _lies_in(place: Place, area: Place) -> bool:
    if place.country_code != area.country_code or place is area:
        return False
    return area.type == "country" or (area.type == "admin1" and place.admin1 == area.name)


def _is_apposition(found: list[Found], index: int) -> bool:
    """ "Paris, Texas": the next mention follows a comma and is a state or country."""
    here, nxt = found[index], found[index + 1]
    gap = nxt.start - here.end
    return 1 <= gap <= 2 and (
        nxt.abbreviation is not None or any(c.type in ("country", "admin1") for c in nxt.candidates[:3])
    )


def _choose(
    f: Found,
    evidence: Evidence,
    neighbour: Place | None,
    readings: dict[str, Place],
    memo: dict[tuple[object, ...], Place | None],
) -> Place | None:
    """The best candidate; mentions alike in name, qualifier and neighbour share the choice."""
    key = (f.surface, f.qualifier, f.abbreviation, id(neighbour), f.facility)
    if key not in memo:
        memo[key] = _best(f, evidence, neighbour, readings)
    return memo[key]


def _best(f: Found, evidence: Evidence, neighbour: Place | None, readings: dict[str, Place]) -> Place | None:
    if f.abbreviation is not None:
        return _abbreviated(f.abbreviation)
    candidates = f.candidates[:_MAX_CANDIDATES]
    if not candidates:
        return None
    if f.qualifier in _FITS:
        fitting = tuple(c for c in candidates if c.type in _FITS[f.qualifier])
        candidates = fitting or candidates
    if len(candidates) == 1:
        return candidates[0]
    key = gazetteer.fold(f.surface)
    reading = readings.get(key) if f.qualifier is None else None
    scorer = _Scorer(f, key, evidence, neighbour, reading, candidates)
    return max(candidates, key=scorer.score)


def _abbreviated(abbreviation: tuple[str, str]) -> Place | None:
    code, admin1_name = abbreviation
    if admin1_name:
        return gazetteer.admin1(code, admin1_name)
    return gazetteer.country(code)


class _Scorer:
    """Scores the candidates of one name; what is the same for all of them is computed once."""

    __slots__ = (
        "admin1s",
        "any_capital",
        "bare",
        "candidates",
        "cells",
        "evidence",
        "home_best",
        "key",
        "named_fits",
        "near",
        "neighbour",
        "reading",
        "shares",
        "support",
        "weight",
    )

    def __init__(
        self,
        f: Found,
        key: str,
        evidence: Evidence,
        neighbour: Place | None,
        reading: Place | None,
        candidates: tuple[Place, ...],
    ) -> None:
        self.key = key
        self.evidence = evidence
        self.neighbour = neighbour
        self.reading = reading
        self.candidates = candidates
        self.bare = f.qualifier is None
        self.weight = evidence.weight(key)
        self.near = bool(evidence.anchors) and len(candidates) > 1
        any_capital, big = _flags_of(candidates)
        self.any_capital = any_capital  # "Washington" is the capital
        self.shares: dict[str, float] = {}
        self.admin1s = evidence.admin1s
        self.cells = evidence.cells or None
        # a state's or country's own name is no town in a named state ("Nevada", "China")
        self.named_fits = bool(evidence.named) and not big
        # (Evidence.home, its parts that are the same for every candidate: 0 where it is 0)
        self.support = evidence.support
        best = evidence.best_support()
        self.home_best = best if best >= 3 else 0

    def score(self, c: Place) -> float:
        evidence = self.evidence
        key = self.key
        candidates = self.candidates
        code = c.country_code
        share = self.shares.get(code)
        if share is None:
            share = self.shares[code] = evidence.share(code, key)
        type_ = c.type
        population = c.population
        if type_ == "admin1" and not population:
            population = _ADMIN1_WEIGHT if share else 1_000  # a province of a country never named: unlikely
        score = 0.5 * math.log10(population + 10)
        if type_ == "country":
            score += 4.0
        elif type_ == "admin1" and share:
            score += 2.5
        if c.capital_of and (share or evidence.total() < 3 or not _namesake_at_home(c, candidates, evidence)):
            score += 2.5  # a national capital, unless the article is all about somewhere else
        if _fold(c.name) == key:
            score += 2.0  # its own name, not an old or foreign alternate
            if (
                type_ == "admin1"
                and share
                and not self.any_capital
                and id(c) not in _namesakes_of(candidates)
            ):
                score += 2.0  # "California" is the state, not the village in Pennsylvania
        admin1 = c.admin1
        best = self.home_best
        home = self.support.get((code, admin1), 0) / best if best and admin1 is not None else 0.0
        score += 4.0 * share * self.weight + 3.0 * home
        if self.near and type_ != "country" and type_ != "admin1":
            score += 3.0 * evidence.nearness(c, key)
        if (
            self.cells is not None
            and (type_ in _SETTLEMENT or type_ == "admin2")
            and self.cells.get(_cell(c.lat, c.lon), 0) >= 2
        ):
            score += _BESIDE  # a candidate of another name lies in or next to its cell
        if evidence.dateline_country == code:
            score += 1.0
        if (
            type_ != "admin1"
            and admin1
            and self.admin1s.get((code, admin1))
            and _fold(admin1) != key  # not "New York" for New York
        ):
            score += 2.0
            if self.named_fits and (code, admin1) in evidence.named:
                score += _NAMED_STATE  # the article names its state: "Dublin" near "Ohio"
        neighbour = self.neighbour
        if neighbour is not None and neighbour is not c:
            if neighbour.type == "country" and neighbour.country_code == code:
                score += 6.0
            elif neighbour.type == "admin1" and neighbour.country_code == code and neighbour.name == admin1:
                score += 8.0
        reading = self.reading
        if reading is not None and reading == c:
            score += 6.0
        elif reading is None and self.bare and type_ == "admin1" and id(c) in _namesakes_of(candidates):
            # A bare name shared by a province and its capital means the city ("Aleppo", "Marib"),
            # unless the article first called it the province.
            score -= 4.0
        return score


_fold = gazetteer.fold


def _namesake_at_home(c: Place, candidates: tuple[Place, ...], evidence: Evidence) -> bool:
    """Whether another place of the name lies in a province or state the article names: only
    then may it take the name from a national capital ("Moscow, Idaho" in a story on Idaho)."""
    return any(
        o is not c and o.admin1 is not None and evidence.admin1s[(o.country_code, o.admin1)] > 0
        for o in candidates
    )


def _capital_namesakes(candidates: tuple[Place, ...]) -> frozenset[int]:
    """The ids of the provinces among the candidates that share their name with a town in or
    by them (see :func:`_has_namesake_capital`)."""
    return frozenset(id(c) for c in candidates if c.type == "admin1" and _has_namesake_capital(c, candidates))


_namesakes_of = _ByIdentity(_capital_namesakes)


def _has_namesake_capital(c: Place, candidates: tuple[Place, ...]) -> bool:
    own = gazetteer.fold(c.name)
    return any(
        o.type in _SETTLEMENT
        and o.population >= _NAMESAKE_CAPITAL
        and o.country_code == c.country_code
        and _km(o.lat, o.lon, c.lat, c.lon) < 200  # in or by its namesake province ("Aleppo")
        and gazetteer.fold(o.name) == own
        for o in candidates
    )
