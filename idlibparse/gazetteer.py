"""The gazetteer: place names (GeoNames, plus a few hand-kept rows) and their lookup keys.

The shipped file ``data/gazetteer.tsv.gz`` is built by ``scripts/build_gazetteer.py``. After its
``#`` header (provenance, licence, counts, ``fold_version``, ``max_name_tokens``) it holds three
sections, each introduced by a line ``@places`` / ``@keys`` / ``@abbreviations``:

- places, one per line: geonames_id, name, type, country_code, admin1, lat, lon, population,
  feature_code, capital_of (tab-separated; empty cells for unknown values);
- keys, sorted, one per line: a folded name and the comma-separated row numbers of the places
  it names, in candidate order (countries, then admin1, then the rest by population). Loose keys
  (doubled letters collapsed, see :func:`loose`) follow, marked with ``LOOSE_MARK``;
- US state abbreviations ("La.", "Calif.", "LA"), folded, with their row number;
- the first tokens of the keys (sections ``@first``, ``@first_multi``, ``@loose_first``,
  ``@loose_first_multi``): of all keys, of keys of several tokens, and the same for the loose
  keys. Most words of a text start no name: a set probe rules them out before any bisect.

Loading is one decompression and two splits (no dict of every key is built): a key is found by
bisecting the sorted key lines, and a ``Place`` is made only when a lookup returns it; lookups
are cached, so a repeated key costs one dict probe. The places extractor folds an n-gram once
and calls :func:`lookup_folded`; :func:`has_prefix` tells it whether a longer n-gram can still
match, :func:`is_common_word` whether a name is also an ordinary English word.

Folding (:func:`fold`) is the contract between the build and the lookups: the build folds every
name with the same function, and the file header records ``FOLD_VERSION`` so a stale file is
refused instead of silently missing names.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "FOLD_VERSION",
    "TYPES",
    "Place",
    "abbreviation",
    "admin1",
    "admin1_places",
    "candidate_rank",
    "country",
    "fold",
    "has_first_token",
    "has_prefix",
    "is_common_word",
    "is_known",
    "lookup",
    "lookup_folded",
    "loose",
    "max_name_tokens",
    "places",
    "probe",
    "size",
]

FOLD_VERSION = 4
DATA_FILE = "gazetteer.tsv.gz"
WORDS_FILE = "gazetteer_common_words.txt"
# Loose keys (doubled letters collapsed) are stored with this mark in front, after the exact keys.
LOOSE_MARK = "~"
_TYPE_RANK = {"country": 0, "admin1": 1, "region": 1}
# The sections of first tokens, in file order (see the module docstring).
FIRST_SECTIONS = ("@first", "@first_multi", "@loose_first", "@loose_first_multi")


def candidate_rank(type_: str, country_code: str) -> int:
    """Where a place goes among the candidates for a name, before population decides:
    countries and regions spanning countries (0), admin1 and regions inside a country (1),
    everything else (2)."""
    if type_ == "region" and not country_code:
        return 0
    return _TYPE_RANK.get(type_, 2)


TYPES = ("country", "admin1", "admin2", "city", "town", "village", "region", "other")


@dataclass(frozen=True, slots=True)
class Place:
    geonames_id: int | None  # None for curated rows
    name: str  # display name; an admin1 is named without "Governorate"/"Province" ("Idlib")
    type: str  # one of TYPES
    country_code: str  # ISO 3166-1 alpha-2 ("" for regions spanning several countries)
    admin1: str | None  # the admin1 the place lies in (for an admin1: its own name)
    lat: float
    lon: float
    population: int  # 0 when unknown
    feature_code: str  # GeoNames feature code where known (PCLI, ADM1, ADM2, PPLC, PPL) or ""
    capital_of: str | None = None  # country code when this is a national capital


# ---------------------------------------------------------------------------------------------
# Folding

# Letters NFKD does not take apart.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ħ": "h",
        "Ħ": "h",
    }
)
# Apostrophes, ayn/hamza signs and dots vanish ("Ma'arrat" = "Maarrat", "U.S." = "US");
# hyphens, dashes, slashes and commas separate words ("al-Numan" = "al Numan").
_VANISH = "'’‘ʼʻʿʾ`´ʹ′ˈ."
_SEPARATE = '-‐‑‒–—_/,;:()[]"“”'
_PUNCT = str.maketrans({**dict.fromkeys(_VANISH, ""), **dict.fromkeys(_SEPARATE, " ")})
# Loose-key steps (see loose()); stdlib re, whose per-call cost is lower for these small
# patterns. A letter is [^\W\d_].
_FINAL_AH = re.compile(r"\B[ae]h\b")  # "hawijah", "hasakeh" -> "...a"
_FINAL_E = re.compile(r"(?<=[^aeiou ])e\b")  # "hasake", "ashrafiye" -> "...a"
_FINAL_IYA = re.compile(r"iya\b")  # "ashrafiya" -> "ashrafia"
_DOUBLED = re.compile(r"([^\W\d_])\1")
_DIPHTHONG = re.compile(r"(?:ei|ey|ai)(?=[^aeiou]|\b)")  # "sheikh", "deir", "ain" -> "ay"

# The Arabic article in its transliterations. Unassimilated forms become "al" wherever they
# stand before another word; the assimilated ones ("ash-Shughur", "ar Raqqah", "ez-Zor") only
# when the next word starts with the consonant they assimilated to, so English "as", "at",
# "an" before other words are left alone.
_PLAIN_ARTICLES = frozenset({"al", "el", "il", "ul"})
# Not "u": "U.S. Senate" would read as "al senate".
_SUN_ARTICLES = {
    vowel + cons: cons
    for vowel in ("a", "e")
    for cons in ("t", "th", "d", "dh", "r", "z", "s", "sh", "n", "l")
}
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "mount": "mt"}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _article(token: str, following: str) -> str:
    if token in _PLAIN_ARTICLES:
        return "al"
    cons = _SUN_ARTICLES.get(token)
    if cons is not None and following.startswith(cons):
        return "al"
    return token


@lru_cache(maxsize=65536)
def fold(surface: str) -> str:
    """The lookup key of a name.

    Case-folded; diacritics, apostrophes and ayn/hamza signs removed; hyphens, dashes and
    slashes read as spaces; the Arabic article unified to "al" ("el-", "ad-", "ash-", "ar ",
    "ez-"... before a word starting with the matching consonant); "Saint"/"Mount" shortened to
    "st"/"mt"; a leading "the" dropped. Tokens are joined by single spaces, so a key's tokens
    are the folded words of the name ("Ma'arrat al-Nu'man" -> "maarrat al numan").

    Doubled letters are kept here: collapsing them everywhere would make English words hit
    places ("Room" -> "Rom", "Good" -> "Göd", "Will" -> "Wil"). :func:`loose` collapses them,
    and the lookups use the collapsed form only for names where transliterations double and
    undouble letters freely (Arabic-speaking countries and the countries at war), so
    "Maarat"/"Maarrat" and "Raqqa"/"Raqa" meet. Vowel variants ("Saraqeb"/"Saraqib") are not
    folded: they are alternate names in the data.
    """
    text = surface if surface.isascii() else _strip_marks(surface)
    tokens = text.casefold().translate(_PUNCT).split()
    if len(tokens) == 1:  # most names: no article, no "the"
        return _ABBREVIATIONS.get(tokens[0], tokens[0])
    if len(tokens) > 1 and tokens[0] == "the":
        del tokens[0]
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if i < last and len(token) <= 3:
            tokens[i] = _article(token, tokens[i + 1])
        elif token in _ABBREVIATIONS:
            tokens[i] = _ABBREVIATIONS[token]
    return " ".join(tokens)


def _collapse(text: str) -> str:
    """Runs of a doubled letter as one letter (a loop: a backreference regex costs more)."""
    if _DOUBLED.search(text) is None:
        return text  # most words: nothing to collapse, and the search runs in C
    kept: list[str] = []
    previous = ""
    for char in text:
        if char != previous or not char.isalpha():
            kept.append(char)
        previous = char
    return "".join(kept)


@lru_cache(maxsize=65536)
def loose(key: str) -> str:
    """The looser key of a folded key, for names in transliterating countries: the spelling
    variants English, French and scholarly transliterations of Arabic (and Persian, Pashto,
    Kurdish) produce are merged: doubled letters ("Maarrat"/"Maarat", "Raqqa"/"Raqa"), "ou"
    and "u" ("Makhmour"/"Makhmur"), "ei"/"ey"/"ai" and "ay" ("Sheikh"/"Shaykh", "Deir"/"Dayr",
    "Ain"/"Ayn"), "q" and "k", "dj" and "j", and a final "-ah"/"-eh"/"-e" against "-a"
    ("Hawijah"/"Hawija", "Hasakeh"/"Hasakah", "Ashrafiyeh"/"Ashrafiya")."""
    key = _collapse(key.replace("dj", "j").replace("q", "k").replace("ou", "u"))
    # (substring tests first: most keys need no pattern at all)
    if "ah" in key or "eh" in key:
        key = _FINAL_AH.sub("a", key)
    if "e " in key or key.endswith("e"):
        key = _FINAL_E.sub("a", key)
    if "iya" in key:
        key = _FINAL_IYA.sub("ia", key)
    if "ei" in key or "ey" in key or "ai" in key:
        key = _DIPHTHONG.sub("ay", key)
    return key


# ---------------------------------------------------------------------------------------------
# Loading

_PLACES_MARK = b"\n@places\n"
_KEYS_MARK = b"\n@keys\n"
_ABBREVIATIONS_MARK = b"\n@abbreviations\n"


class _Data:
    """The loaded file: place lines (parsed on demand), key lines sorted by key, abbreviations.

    Key lines read "key<TAB>rows". Because a tab sorts before every character a folded key can
    hold, the lines sort exactly as their keys do, so a bisect on the line list finds a key
    without building a dict: loading is a decompression and two splits. Lines stay UTF-8
    bytes (whose order is code point order); only what a lookup returns is decoded.
    """

    __slots__ = ("abbreviations", "firsts", "key_lines", "lines", "max_tokens", "places")

    def __init__(
        self,
        lines: list[bytes],
        key_lines: list[bytes],
        abbreviations: dict[str, int],
        max_tokens: int,
        firsts: tuple[frozenset[str], ...],
    ) -> None:
        self.lines = lines
        self.key_lines = key_lines
        self.abbreviations = abbreviations
        self.places: list[Place | None] = [None] * len(lines)
        self.max_tokens = max_tokens
        # first tokens: of exact keys, of exact keys of several tokens, of loose keys, of loose
        # keys of several tokens
        self.firsts = firsts

    def place(self, row: int) -> Place:
        found = self.places[row]
        if found is None:
            found = _parse_place(self.lines[row].decode("utf-8"))
            self.places[row] = found
        return found

    def places_of(self, rows: Iterable[int]) -> list[Place]:
        """The places of these rows, in that order (a loop without a call per row)."""
        places = self.places
        lines = self.lines
        out = []
        for row in rows:
            found = places[row]
            if found is None:
                found = places[row] = _parse_place(lines[row].decode("utf-8"))
            out.append(found)
        return out

    def rows(self, key: str) -> bytes | None:
        """The comma-separated row numbers of a folded key, or None."""
        probe = key.encode("utf-8") + b"\t"
        lines = self.key_lines
        at = bisect_left(lines, probe)
        if at < len(lines) and lines[at].startswith(probe):
            return lines[at][len(probe) :]
        return None

    def extends(self, key: str) -> bool:
        """Whether some longer key starts with this key and a space."""
        probe = key.encode("utf-8") + b" "
        lines = self.key_lines
        at = bisect_left(lines, probe)
        return at < len(lines) and lines[at].startswith(probe)


def _parse_place(line: str) -> Place:
    gid, name, type_, cc, adm1, lat, lon, pop, fcode, capital = line.split("\t")
    return Place(
        geonames_id=int(gid) if gid else None,
        name=name,
        type=type_,
        country_code=cc,
        admin1=adm1 or None,
        lat=float(lat),
        lon=float(lon),
        population=int(pop) if pop else 0,
        feature_code=fcode,
        capital_of=capital or None,
    )


def _header_value(header: list[str], name: str) -> int:
    prefix = f"# {name}:"
    for line in header:
        if line.startswith(prefix):
            return int(line[len(prefix) :])
    raise RuntimeError(f"{DATA_FILE} has no {name} line in its header")


@cache
def _data() -> _Data:
    raw = resources.files("idlibparse.data").joinpath(DATA_FILE).read_bytes()
    blob = gzip.decompress(raw)
    places_at = blob.index(_PLACES_MARK)
    keys_at = blob.index(_KEYS_MARK, places_at)
    abbr_at = blob.index(_ABBREVIATIONS_MARK, keys_at)
    marks = [blob.index(b"\n" + name.encode() + b"\n", abbr_at) for name in FIRST_SECTIONS]
    header = blob[:places_at].decode("utf-8").split("\n")
    version = _header_value(header, "fold_version")
    if version != FOLD_VERSION:
        raise RuntimeError(
            f"{DATA_FILE} was built with fold version {version}, the code folds with version "
            f"{FOLD_VERSION}: rebuild it with scripts/build_gazetteer.py"
        )
    lines = blob[places_at + len(_PLACES_MARK) : keys_at].split(b"\n")
    key_lines = blob[keys_at + len(_KEYS_MARK) : abbr_at].split(b"\n")
    abbreviations = {}
    for line in blob[abbr_at + len(_ABBREVIATIONS_MARK) : marks[0]].decode("utf-8").split("\n"):
        if line:
            key, row = line.split("\t")
            abbreviations[key] = int(row)
    ends = [*marks[1:], len(blob)]
    firsts = tuple(
        frozenset(blob[at + len(name) + 2 : end].decode("utf-8").split("\n"))
        for name, at, end in zip(FIRST_SECTIONS, marks, ends, strict=True)
    )
    return _Data(lines, key_lines, abbreviations, _header_value(header, "max_name_tokens"), firsts)


# ---------------------------------------------------------------------------------------------
# Lookups


@cache
def _common_words() -> frozenset[str]:
    raw = resources.files("idlibparse.data").joinpath(WORDS_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in raw.split("\n") if line and not line.startswith("#"))


@lru_cache(maxsize=131072)
def probe(key: str) -> tuple[tuple[Place, ...], bool]:
    """:func:`lookup_folded` and :func:`has_prefix` of a folded key in one pass (the loose key
    computed once): what an n-gram scan asks of each n-gram."""
    data = _data()
    firsts = data.firsts
    first, space, _ = key.partition(" ")
    exact = data.rows(key) if first in firsts[0] else None
    extends = first in firsts[1] and (not space or data.extends(key))
    looser = loose(key)
    loose_first, loose_space, _ = looser.partition(" ")
    loose_rows = (
        data.rows(LOOSE_MARK + looser)
        if loose_first in firsts[2] and key not in _common_words()  # no loose matches for "game"
        else None
    )
    if not extends:
        extends = loose_first in firsts[3] and (not loose_space or data.extends(LOOSE_MARK + looser))
    return _candidates(data, exact, loose_rows), extends


def lookup_folded(key: str) -> tuple[Place, ...]:
    """Every place named by an already folded key, in candidate order (see :func:`lookup`):
    the places with that exact key, and the places of transliterating countries whose loose
    key (:func:`loose`) matches, unless the key is an English word."""
    return probe(key)[0]


def _candidates(data: _Data, exact: bytes | None, looser: bytes | None) -> tuple[Place, ...]:
    if looser is None:
        if exact is None:
            return ()
        return tuple(data.places_of(map(int, exact.split(b","))))
    numbers = {int(row) for row in looser.split(b",")}
    if exact is not None:
        numbers.update(int(row) for row in exact.split(b","))
    found = list(zip(data.places_of(numbers), numbers, strict=True))
    found.sort(
        key=lambda item: (candidate_rank(item[0].type, item[0].country_code), -item[0].population, item[1])
    )
    return tuple(place for place, _ in found)


def _exact_rows(data: _Data, key: str) -> bytes | None:
    return data.rows(key) if key.partition(" ")[0] in data.firsts[0] else None


def _loose_rows(data: _Data, key: str) -> bytes | None:
    if key in _common_words():
        return None  # an English word ("game", "some") gets no loose matches
    looser = loose(key)
    return data.rows(LOOSE_MARK + looser) if looser.partition(" ")[0] in data.firsts[2] else None


def lookup(surface: str) -> tuple[Place, ...]:
    """Every place whose name or an alternate name folds like ``surface``.

    Biggest first: countries and regions spanning countries, then admin1 regions and regions
    inside a country, then the rest by population (admin2 areas, whose population is unknown,
    after the populated places of the same name); see :func:`candidate_rank`.
    """
    return lookup_folded(fold(surface))


@lru_cache(maxsize=65536)
def is_known(key: str) -> bool:
    """Whether a folded key names any place (probes only: no Place is made)."""
    data = _data()
    return _exact_rows(data, key) is not None or _loose_rows(data, key) is not None


def has_prefix(key: str) -> bool:
    """Whether a folded key is a proper token prefix of a longer name ("maarat al", "new"), so
    an n-gram scan knows whether extending by one more word can still hit."""
    return probe(key)[1]


def has_first_token(key: str) -> bool:
    """Whether a folded single token starts any name ("marat" for "Maarat al-Numan")."""
    return is_known(key) or has_prefix(key)


def is_common_word(key: str) -> bool:
    """Whether a folded key is also an ordinary English word ("mobile", "of", "hope", "police"):
    such names need context ("the town of Hope") before they are taken as places."""
    return key in _common_words()


def abbreviation(surface: str) -> Place | None:
    """The US state a postal code or AP abbreviation stands for ("La.", "Calif.", "LA", "N.Y.").

    Many of these are ordinary words or other names when they stand alone ("Miss.", "Ill.",
    "LA"), so most are not lookup keys: ask here only where the text calls for a state, as in
    "Alexandria, La."."""
    data = _data()
    row = data.abbreviations.get(fold(surface))
    return None if row is None else data.place(row)


def max_name_tokens() -> int:
    """The longest name in tokens (after folding), to bound n-gram lookups."""
    return _data().max_tokens


def size() -> int:
    """The number of places in the gazetteer."""
    return len(_data().lines)


def places() -> Iterator[Place]:
    """Every place, in file order (countries, admin1, then the rest by country)."""
    data = _data()
    return (data.place(row) for row in range(len(data.lines)))


@cache
def _countries() -> dict[str, Place]:
    data = _data()
    found: dict[str, Place] = {}
    for row, line in enumerate(data.lines):
        if b"\tcountry\t" not in line:
            break  # countries come first in the file
        place = data.place(row)
        found[place.country_code] = place
    return found


def country(code: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code ("SY"), or None."""
    return _countries().get(code.upper())


@cache
def _admin1_rows() -> dict[tuple[str, str], int]:
    """(country code, folded name) -> row of each admin1 region (a Place is made only for the
    rows asked for)."""
    data = _data()
    found: dict[tuple[str, str], int] = {}
    seen = False
    for row, line in enumerate(data.lines):
        if b"\tadmin1\t" in line:
            seen = True
            _, name, _, code, _ = line.split(b"\t", 4)
            found[(code.decode("utf-8"), fold(name.decode("utf-8")))] = row
        elif seen:
            break  # admin1 regions follow the countries, all together
    return found


@cache
def _admin1s() -> dict[tuple[str, str], Place]:
    data = _data()
    return {key: data.place(row) for key, row in _admin1_rows().items()}


def admin1(country_code: str, admin1_name: str) -> Place | None:
    """The admin1 region (province, governorate, state) as a Place, from its country code and
    its name or any alternate name ("SY", "Idlib" or "Idlib Governorate")."""
    code = country_code.upper()
    row = _admin1_rows().get((code, fold(admin1_name)))
    if row is not None:
        return _data().place(row)
    for place in lookup(admin1_name):
        if place.type == "admin1" and place.country_code == code:
            return place
    return None


def admin1_places(country_code: str) -> tuple[Place, ...]:
    """All admin1 regions of a country, in file order."""
    code = country_code.upper()
    return tuple(place for (cc, _), place in _admin1s().items() if cc == code)
