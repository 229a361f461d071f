"""Choosing the place a name means (the places extractor's second half).

Evidence comes from the article itself: the countries it names, its nationality words and its
dateline; the provinces and states it names; the place written right after a name ("Paris,
Texas"; "Alexandria, La."); the qualifier a cue gives ("Idlib province" is the governorate,
"Idlib city" the city); and the reading an earlier qualified mention gave the same name. Size
(countries and provinces first, then population) settles what the article leaves open.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Generic, NamedTuple, TypeAlias, TypeVar

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
# Latitude difference beyond which an anchor is farther than 300 km; a band a little wider,
# sure to hold every anchor within it whatever the rounding.
_ANCHOR_DEGREES = 2.75
_ANCHOR_BAND = 2.8


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
    # In order of latitude, with their latitudes apart for bisection.
    # Each with how far east or west (in degrees) a place within 300 km of it can lie.
    anchors: tuple[tuple[float, float, str, float], ...] = ()
    anchor_lats: list[float] = field(default_factory=list)
    # For each name with a town or district candidate, the grid cells (see _cell) of those and
    # the cells next to them: two ambiguous names whose readings lie side by side ("Paris" and
    # "Henry County") explain each other (see _beside)
    cells: tuple[frozenset[int], ...] = ()
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
        lats = self.anchor_lats
        # (the anchors lie in order of latitude: only those in a band around c's can be near)
        lo = bisect_left(lats, c.lat - _ANCHOR_BAND)
        hi = bisect_right(lats, c.lat + _ANCHOR_BAND, lo)
        for lat, lon, key, reach in self.anchors[lo:hi]:
            if key == surface_key or abs(lat - c.lat) > _ANCHOR_DEGREES:
                continue  # (a degree of latitude is 111 km: farther than 300 km)
            if abs(lon - c.lon) > reach:
                continue  # (farther than 300 km east or west)
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
            total -= self.own_total(key)
            votes -= own.get(code, 0.0)
        return votes / total if total > 1e-9 else 0.0

    def own_total(self, key: str) -> float:
        """All the country votes of the name ``key`` itself."""
        own_total = self._own_totals.get(key)
        if own_total is None:
            own_total = self._own_totals[key] = sum(self.own[key].values())
        return own_total

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
    keys = [_fold(f.surface) for f in found]
    facts = [_facts_of(f.candidates) for f in found]
    # Mentions alike in name, qualifier and neighbour share their choice.
    alike: list[tuple[object, ...]] = [(f.surface, f.qualifier, f.abbreviation, f.facility) for f in found]
    evidence, anchors, cells = _first_evidence(found, keys, facts, demonym_codes, dateline_end)
    no_neighbours: list[Place | None] = [None] * len(found)
    chosen = _choose_all(found, keys, facts, range(len(found)), alike, no_neighbours, evidence, {})
    # Second pass: what was chosen is now evidence too, with each name's first qualified reading
    # and the place written right after each name.
    evidence, readings = _chosen_evidence(found, keys, facts, chosen, demonym_codes, evidence)
    evidence.anchors = anchors
    evidence.anchor_lats = [anchor[0] for anchor in anchors]
    evidence.cells = cells
    # (which mentions have a state or country in apposition: asked once, read three times)
    apposed = _appositions(found)
    neighbours: list[Place | None] = [None] * len(found)
    for index in apposed:
        neighbours[index] = chosen[index + 1]
    final = _choose_all(found, keys, facts, range(len(found)), alike, neighbours, evidence, readings)
    # One sense per article: "Springfield, Ohio" tells what the bare "Springfield" means too.
    placed = _placed_readings(found, keys, final, readings, apposed)
    if placed:
        again = [i for i, f in enumerate(found) if f.qualifier is None and keys[i] in placed]
        for index, again_place in zip(
            again, _choose_all(found, keys, facts, again, alike, neighbours, evidence, placed), strict=True
        ):
            final[index] = again_place
    final_neighbours: list[Place | None] = [None] * len(found)
    for index in apposed:
        final_neighbours[index] = final[index + 1]
    dropped = {
        i
        for i, (f, place, neighbour) in enumerate(zip(found, final, final_neighbours, strict=True))
        if place is not None and neighbour is None and _out_of_place(f, place, evidence, None)
    }
    return final, dropped


def _choose_all(
    found: list[Found],
    keys: list[str],
    facts: list[_Facts],
    indices: Iterable[int],
    alike: list[tuple[object, ...]],
    neighbours: list[Place | None],
    evidence: Evidence,
    readings: dict[str, Place],
) -> list[Place | None]:
    """The best candidate of each mention at these indices; mentions alike in name, qualifier
    and neighbour share the choice."""
    memo: dict[object, Place | None] = {}
    out: list[Place | None] = []
    for index in indices:
        neighbour = neighbours[index]
        same = alike[index] if neighbour is None else (alike[index], id(neighbour))
        if same in memo:
            out.append(memo[same])
        else:
            best = _best(found[index], keys[index], facts[index], evidence, neighbour, readings)
            out.append(memo.setdefault(same, best))
    return out


def _reach(lat: float) -> float:
    """How many degrees of longitude from a point at this latitude a place can lie and still be
    within 300 km of it, for places within _ANCHOR_DEGREES of its latitude: _km's east-west part
    alone is farther beyond this (the cosine taken at the band's edge nearer a pole, and 1% to
    spare for rounding), so _km need not be computed."""
    cos = math.cos(math.radians(min(90.0, abs(lat) + _ANCHOR_DEGREES / 2 + 0.25)))
    return math.inf if cos < 0.01 else 1.01 * 300.0 / (6371.0 * math.radians(1.0) * cos)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough at the scale of a province."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _cell(lat: float, lon: float) -> int:
    """The grid cell of a point, as one number: row * _ROW + column."""
    return math.floor(lat / _CELL_DEGREES) * _ROW + math.floor(lon / _CELL_DEGREES)


# Cells per row in _cell's numbering (more than the 1440 columns of the globe), and the cell
# numbers of a cell's neighbourhood relative to its own.
_ROW = 4096
_NEIGHBOURHOOD = tuple(dr * _ROW + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1))


def _beside(cells: tuple[frozenset[int], ...], cell: int) -> bool:
    """Whether two names or more have a candidate in this cell or next to it (each name's cells
    are a set: it counts once)."""
    seen = False
    for around in cells:
        if cell in around:
            if seen:
                return True
            seen = True
    return False


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


def _first_evidence(
    found: list[Found],
    keys: list[str],
    facts: list[_Facts],
    demonym_codes: list[str],
    dateline_end: int | None,
) -> tuple[Evidence, tuple[tuple[float, float, str, float], ...], tuple[frozenset[int], ...]]:
    """The evidence of the names as found, before any is chosen; and, for the second pass, the
    anchors and the grid cells of the article's names (one loop over the mentions).

    Anchors: towns, cities and districts the article names that dwarf their namesakes, in order
    of latitude. Cells: for each name (folded key) with a settlement or district candidate, the
    grid cells of those and the cells next to them, counted only where a candidate asks
    (see _beside): most are never asked."""
    countries = _votes(demonym_codes)
    admin1s: Counter[tuple[str, str]] = Counter()
    support: Counter[tuple[str, str]] = Counter()
    dateline_country: str | None = None
    seen: set[str] = set()
    own: dict[str, defaultdict[str, float]] = {}
    points: dict[str, tuple[float, float, str, float]] = {}
    around: list[frozenset[int]] = []
    for f, key, fact in zip(found, keys, facts, strict=True):
        if not f.candidates:
            if f.abbreviation is not None:
                _abbreviation_votes(f.abbreviation, countries, admin1s, support)
            continue
        anchor = fact.anchor
        if anchor is not None and len(points) < _MAX_ANCHORS and key not in points:
            points[key] = (anchor.lat, anchor.lon, key, _reach(anchor.lat))
        if f.abbreviation is not None:
            _abbreviation_votes(f.abbreviation, countries, admin1s, support)
            continue
        if key not in seen:
            seen.add(key)
            for area in fact.areas:
                support[area] = support.get(area, 0) + 1
            around.append(fact.around)
        lead = fact.lead_country
        if lead is not None:
            countries[lead] += 2
            votes = own.get(key)
            if votes is None:  # (not setdefault: it would make a dict for every mention)
                votes = own[key] = defaultdict(float)
            votes[lead] += 2
            if dateline_end is not None and f.start < dateline_end:
                dateline_country = lead
            continue
        if fact.votes:
            votes = own.get(key)
            if votes is None:
                votes = own[key] = defaultdict(float)
            for code, vote in fact.votes:
                countries[code] += vote
                votes[code] += vote
        if fact.lead_admin1 is not None:
            admin1s[fact.lead_admin1] += 1
    evidence = Evidence(countries, admin1s, dateline_country, support, own=own)
    return evidence, tuple(sorted(points.values())), tuple(cells for cells in around if cells)


def _abbreviation_votes(
    abbreviation: tuple[str, str],
    countries: defaultdict[str, float],
    admin1s: Counter[tuple[str, str]],
    support: Counter[tuple[str, str]],
) -> None:
    """ "Alexandria, La.": a vote for the country, and for the state where one is named."""
    countries[abbreviation[0]] += 2
    if abbreviation[1]:
        admin1s[abbreviation] += 1
        support[abbreviation] += 1


_T = TypeVar("_T")


class _ByIdentity(Generic[_T]):
    """What a tuple of candidates says, kept by the tuple's identity: a name's tuple comes from
    the recognizer's caches, so it recurs within and across articles. Each entry keeps its tuple
    alive, so an id is not reused while it is kept; what is kept is only read."""

    __slots__ = ("compute", "kept", "size")

    def __init__(self, compute: Callable[[tuple[Place, ...]], _T], size: int = 65536) -> None:
        self.compute = compute
        self.kept: dict[int, tuple[tuple[Place, ...], _T]] = {}
        self.size = size

    def __call__(self, candidates: tuple[Place, ...]) -> _T:
        entry = self.kept.get(id(candidates))
        if entry is not None and entry[0] is candidates:
            return entry[1]
        value = self.compute(candidates)
        if len(self.kept) >= self.size:
            self.kept.clear()
        self.kept[id(candidates)] = (candidates, value)
        return value


class _Facts(NamedTuple):
    """What a name's candidates tell the evidence and the score (see _candidate_facts)."""

    areas: set[tuple[str, str]]
    lead_country: str | None
    votes: tuple[tuple[str, float], ...]
    lead_admin1: tuple[str, str] | None
    anchor: Place | None
    around: frozenset[int]
    sole_county: bool
    # whether a national capital is among the candidates ("Washington" is the capital), and
    # whether a country, a province or a big city is (see _top_scored)
    any_capital: bool
    big: bool


def _candidate_facts(candidates: tuple[Place, ...]) -> _Facts:
    """What a name's candidates tell the evidence: the (country, admin1) areas they lie in; the
    country of the first where it is a country no province or big place rivals (two votes);
    else a share of a vote for each country (up to three) of those that carry the name as their
    own and have people in them, and the province the first is where it alone is one; the
    settlement or district that dwarfs its namesakes, if any (an anchor); the grid cells of its
    settlements and districts and the cells next to them; whether one alone is a county; and
    the flags the score reads. One loop over the first _MAX_CANDIDATES (most names have few),
    another over the rest where there are more."""
    areas: set[tuple[str, str]] = set()
    codes: set[str] = set()
    own: set[int] = set()
    admin1s = admin2s = 0
    rivals = any_capital = big = False
    floor = math.floor
    place: Place | None = None  # the first of the largest population
    most = second = -1  # its population, and the largest of the others'
    for index, c in enumerate(candidates[:_MAX_CANDIDATES]):
        type_ = c.type
        code = c.country_code
        population = c.population
        if c.admin1:
            areas.add((code, c.admin1))
        if code and (population or type_ == "country"):
            codes.add(code)
        if population > most:
            second = most
            most = population
            place = c
        elif population > second and c is not place:
            second = population
        if type_ == "admin1":
            admin1s += 1
            big = True
            rivals = rivals or index > 0
        elif type_ in _SETTLEMENT:
            own.add(floor(c.lat / _CELL_DEGREES) * _ROW + floor(c.lon / _CELL_DEGREES))  # (_cell)
        elif type_ == "admin2":
            admin2s += 1
            own.add(floor(c.lat / _CELL_DEGREES) * _ROW + floor(c.lon / _CELL_DEGREES))
        elif type_ == "country":
            big = True
        if population >= _BIG_RIVAL:
            rivals = rivals or index > 0
            big = big or population >= _BIG_CITY
        if c.capital_of:
            any_capital = True
    sole_county = admin2s == 1
    for c in candidates[_MAX_CANDIDATES:]:
        type_ = c.type
        if type_ == "admin1":
            admin1s += 1
            rivals = big = True
        elif type_ == "country":
            big = True
        if c.population >= _BIG_RIVAL:
            rivals = True
            big = big or c.population >= _BIG_CITY
        if c.capital_of:
            any_capital = True
    lead_country = lead_admin1 = None
    votes: tuple[tuple[str, float], ...] = ()
    anchor = None
    if place is not None:
        first = candidates[0]
        if first.type == "country" and not rivals:
            lead_country = first.country_code
        else:
            if 0 < len(codes) <= 3:
                votes = tuple((code, 1 / len(codes)) for code in codes)
            if first.type == "admin1" and admin1s == 1:
                lead_admin1 = (first.country_code, first.admin1 or first.name)
        # (no namesake within a tenth of its size)
        if second * 10 <= most and (place.type in _SETTLEMENT or place.type == "admin2"):
            anchor = place
    if not own:
        around = _NO_CELLS
    elif len(own) == 1:
        around = frozenset(map(own.pop().__add__, _NEIGHBOURHOOD))
    else:
        around = frozenset(cell + near for cell in own for near in _NEIGHBOURHOOD)
    # (tuple.__new__: a NamedTuple's own __new__ is a Python call)
    return tuple.__new__(
        _Facts, (areas, lead_country, votes, lead_admin1, anchor, around, sole_county, any_capital, big)
    )


_NO_CELLS: frozenset[int] = frozenset()


_facts_of = _ByIdentity(_candidate_facts)


def _chosen_evidence(
    found: list[Found],
    keys: list[str],
    facts: list[_Facts],
    chosen: list[Place | None],
    demonym_codes: list[str],
    first: Evidence,
) -> tuple[Evidence, dict[str, Place]]:
    """The evidence of the places chosen in the first pass, and each name's first reading given
    by a qualifier ("Idlib province"), for its bare mentions."""
    dateline_country = first.dateline_country
    countries = _votes(demonym_codes)
    admin1s: Counter[tuple[str, str]] = Counter()
    readings: dict[str, Place] = {}
    # A name's own votes are those of every mention read as a place of the same name, however
    # written ("Dublin" and "Dublin City"): one name is not evidence for itself.
    by_name: dict[str, defaultdict[str, float]] = {}
    names_of: dict[str, set[str]] = {}
    named: set[tuple[str, str]] = set()
    for f, surface_key, fact, place in zip(found, keys, facts, chosen, strict=True):
        if place is None:
            continue
        type_ = place.type
        code = place.country_code
        weight = 2 if type_ == "country" else 1
        countries[code] += weight
        name = _fold(place.name)
        # (get before setting: setdefault would make a dict and a set for every mention)
        votes = by_name.get(name)
        if votes is None:
            votes = by_name[name] = defaultdict(float)
        votes[code] += weight
        names = names_of.get(surface_key)
        if names is None:
            names = names_of[surface_key] = set()
        names.add(name)
        # (not a county of a name many states share: its first reading is a tie among
        # namesakes, every one a Madison County, so no evidence for its state)
        if place.admin1 and (type_ != "admin2" or fact.sole_county):
            admin1s[(code, place.admin1)] += 1 if type_ != "admin1" else 2
        qualifier = f.qualifier
        if qualifier is None:
            if type_ == "admin1":
                named.add((code, place.name))
        elif qualifier in _FITS and not f.facility and surface_key not in readings:
            readings[surface_key] = place
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
    evidence = Evidence(countries, admin1s, dateline_country, first.support, own=own, named=frozenset(named))
    return evidence, readings


def _placed_readings(
    found: list[Found],
    keys: list[str],
    final: list[Place | None],
    readings: dict[str, Place],
    apposed: list[int],
) -> dict[str, Place]:
    """The qualified readings, plus each name's first reading that the place written after it
    confirmed ("Springfield, Ohio"); empty when no name gained one."""
    placed: dict[str, Place] = {}
    for index in apposed:
        f, place, neighbour = found[index], final[index], final[index + 1]
        if place is None or neighbour is None or f.qualifier is not None or f.abbreviation is not None:
            continue
        key = keys[index]
        if key not in readings and _lies_in(place, neighbour):
            placed.setdefault(key, place)
    return {**readings, **placed} if placed else {}


def _lies_in(place: Place, area: Place) -> bool:
    if place.country_code != area.country_code or place is area:
        return False
    return area.type == "country" or (area.type == "admin1" and place.admin1 == area.name)


def _appositions(found: list[Found]) -> list[int]:
    """ "Paris, Texas": the indices of the mentions the next of which follows a comma and is a
    state or country."""
    return [
        index
        for index, (here, nxt) in enumerate(pairwise(found))
        if 1 <= nxt.start - here.end <= 2
        and (nxt.abbreviation is not None or any(c.type in ("country", "admin1") for c in nxt.candidates[:3]))
    ]


def _best(
    f: Found, key: str, fact: _Facts, evidence: Evidence, neighbour: Place | None, readings: dict[str, Place]
) -> Place | None:
    """The best candidate of a mention whose folded name is ``key``."""
    if f.abbreviation is not None:
        return _abbreviated(f.abbreviation)
    candidates = f.candidates[:_MAX_CANDIDATES]
    if not candidates:
        return None
    rows = None
    if f.qualifier in _FITS:
        fits = _FITS[f.qualifier]
        fitting = tuple(c for c in candidates if c.type in fits)
        if fitting and len(fitting) < len(candidates):
            candidates = fitting
            if len(fitting) > 1:
                rows = tuple(row for row in _rows_of(f.candidates) if row[0].type in fits)
    if len(candidates) == 1:
        return candidates[0]
    if rows is None:
        rows = _rows_of(f.candidates)  # (of the first _MAX_CANDIDATES)
    reading = readings.get(key) if f.qualifier is None else None
    return _top_scored(rows, candidates, fact, key, evidence, neighbour, reading, f.qualifier is None)


def _abbreviated(abbreviation: tuple[str, str]) -> Place | None:
    code, admin1_name = abbreviation
    if admin1_name:
        return gazetteer.admin1(code, admin1_name)
    return gazetteer.country(code)


# What the score of a candidate takes from the candidate alone (see _place_row): the place, its
# country code and type, its score so far where its country has a share of the article's votes
# and where it has none, whether it is a national capital, its folded name, its (country,
# admin1) for the article's support, the same where a state named by the article counts for it
# (not for an admin1 itself), its folded admin1, and its grid cell (settlements and districts).
_Row: TypeAlias = tuple[
    Place, str, str, float, float, bool, str, tuple[str, str] | None, tuple[str, str] | None, str, int | None
]


def _place_row(c: Place) -> _Row:
    type_ = c.type
    population = c.population
    if type_ == "admin1" and not population:
        # a province of a country never named: unlikely
        with_share = 0.5 * math.log10(_ADMIN1_WEIGHT + 10)
        without = 0.5 * math.log10(1_000 + 10)
    else:
        with_share = without = 0.5 * math.log10(population + 10)
    if type_ == "country":
        with_share += 4.0
        without += 4.0
    elif type_ == "admin1":
        with_share += 2.5
    code = c.country_code
    admin1 = c.admin1
    area = (code, admin1) if admin1 is not None else None
    stated = area if type_ != "admin1" and admin1 else None
    settles = type_ in _SETTLEMENT or type_ == "admin2"
    return (
        c,
        code,
        type_,
        with_share,
        without,
        bool(c.capital_of),
        _fold(c.name),
        area,
        stated,
        _fold(admin1) if stated is not None and admin1 else "",
        _cell(c.lat, c.lon) if settles else None,
    )


def _candidate_rows(candidates: tuple[Place, ...]) -> tuple[_Row, ...]:
    return tuple(_place_row(c) for c in candidates[:_MAX_CANDIDATES])


_rows_of = _ByIdentity(_candidate_rows, 16384)  # (up to 25 rows each: fewer kept)


def _top_scored(
    rows: tuple[_Row, ...],
    candidates: tuple[Place, ...],
    fact: _Facts,
    key: str,
    evidence: Evidence,
    neighbour: Place | None,
    reading: Place | None,
    bare: bool,
) -> Place:
    """The candidate with the best score (the first of equals): the population's log, plus what
    the type, the article's countries, provinces, anchors and cells, the neighbour written after
    the name and an earlier reading of it say. One loop over rows computed once per candidate
    tuple; the sums are made in a fixed order, so ties fall as they always did."""
    weight = evidence.weight(key)
    near = bool(evidence.anchors)
    if near:  # (a candidate outside the band of the anchors' latitudes is near none)
        south = evidence.anchor_lats[0] - _ANCHOR_BAND
        north = evidence.anchor_lats[-1] + _ANCHOR_BAND
    any_capital = fact.any_capital
    big = fact.big
    admin1s = evidence.admin1s
    cells = evidence.cells if len(evidence.cells) > 1 else None  # (one name is not beside another)
    # a state's or country's own name is no town in a named state ("Nevada", "China")
    named = evidence.named if evidence.named and not big else None
    support = evidence.support
    home_best = evidence.best_support()
    if home_best < 3:
        home_best = 0
    dateline_country = evidence.dateline_country
    shares: dict[str, float] = {}
    # (Evidence.share, its parts that are the same for every candidate)
    countries = evidence.countries
    total = evidence.total()
    own = evidence.own.get(key)
    if own:
        total -= evidence.own_total(key)
    best: Place = candidates[0]
    best_score = -math.inf
    for c, code, type_, with_share, without, capital, name_key, area, stated, admin1_key, cell in rows:
        share = shares.get(code)
        if share is None:
            votes = countries.get(code, 0.0)
            if own:
                votes -= own.get(code, 0.0)
            share = shares[code] = votes / total if total > 1e-9 else 0.0
        score = with_share if share else without
        if capital and (share or evidence.total() < 3 or not _namesake_at_home(c, candidates, evidence)):
            score += 2.5  # a national capital, unless the article is all about somewhere else
        if name_key == key:
            score += 2.0  # its own name, not an old or foreign alternate
            if type_ == "admin1" and share and not any_capital and id(c) not in _namesakes_of(candidates):
                score += 2.0  # "California" is the state, not the village in Pennsylvania
        home = support.get(area, 0) / home_best if home_best and area is not None else 0.0
        score += 4.0 * share * weight + 3.0 * home
        if near and type_ != "country" and type_ != "admin1" and south <= c.lat <= north:
            score += 3.0 * evidence.nearness(c, key)
        if cells is not None and cell is not None and _beside(cells, cell):
            score += _BESIDE  # a candidate of another name lies in or next to its cell
        if dateline_country == code:
            score += 1.0
        if stated is not None and admin1s.get(stated) and admin1_key != key:  # not "New York" for New York
            score += 2.0
            if named is not None and stated in named:
                score += _NAMED_STATE  # the article names its state: "Dublin" near "Ohio"
        if neighbour is not None and neighbour is not c:
            if neighbour.type == "country" and neighbour.country_code == code:
                score += 6.0
            elif neighbour.type == "admin1" and neighbour.country_code == code and neighbour.name == c.admin1:
                score += 8.0
        if reading is not None:
            if reading is c or reading == c:
                score += 6.0
        elif bare and type_ == "admin1" and id(c) in _namesakes_of(candidates):
            # A bare name shared by a province and its capital means the city ("Aleppo", "Marib"),
            # unless the article first called it the province.
            score -= 4.0
        if score > best_score:
            best = c
            best_score = score
    return best


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
