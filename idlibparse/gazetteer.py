"""The gazetteer: place names (GeoNames, plus a few hand-kept rows) and their lookup keys.

The shipped file ``data/gazetteer.tsv`` is built by ``scripts/build_gazetteer.py``. After its
``#`` header (provenance, licence, counts, ``fold_version``, ``max_name_tokens`` and the sizes
of the two big sections) it holds three sections, each introduced by a line ``@places`` /
``@keys`` / ``@abbreviations``:

- places, one per line: geonames_id, name, type, country_code, admin1, lat, lon, population,
  feature_code, capital_of (tab-separated; empty cells for unknown values);
- keys, sorted, one per line: a folded name and the comma-separated places it names, in
  candidate order (countries, then admin1, then the rest by population), each given as the byte
  offset of its line in the places section. Loose keys (doubled letters collapsed, see
  :func:`loose`) follow, marked with ``LOOSE_MARK``;
- US state abbreviations ("La.", "Calif.", "LA"), folded, with the offset of their place;
- last, ``@filter``: one line, the base64 of a bit array that tells most keys that name nothing
  apart without a search (see :func:`filter_slots`).

The file is stored uncompressed (a wheel compresses it anyway, and git stores a new version of
a text file as a delta, of a gzip file whole) and mapped, not read: loading parses only the
header and notes one key per 4 KB of the key section, so the first lookup costs a few
milliseconds. A key is found by bisecting those, then one search in C in one block; a ``Place`` is
made only when a lookup returns it, straight from its line's offset; lookups are cached, so a
repeated key costs one dict probe. The filter is decoded at the first probe (about a
millisecond): three probes in four name nothing, and it sends all but a few of those past the
block searches. The places extractor folds an n-gram once and calls :func:`probe`;
:func:`has_prefix` tells whether a longer n-gram can still match, :func:`is_common_word`
whether a name is also an ordinary English word.

Folding (:func:`fold`) is the contract between the build and the lookups: the build folds every
name with the same function, and the file header records ``FOLD_VERSION`` so a stale file is
refused instead of silently missing names.
"""

from __future__ import annotations

import base64
import mmap
import re
import unicodedata
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from idlibparse.slotted import direct_init

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
DATA_FILE = "gazetteer.tsv"
WORDS_FILE = "gazetteer_common_words.txt"
# Loose keys (doubled letters collapsed) are stored with this mark in front, after the exact keys.
LOOSE_MARK = "~"
_TYPE_RANK = {"country": 0, "admin1": 1, "region": 1}


def candidate_rank(type_: str, country_code: str) -> int:
    """Where a place goes among the candidates for a name, before population decides:
    countries and regions spanning countries (0), admin1 and regions inside a country (1),
    everything else (2)."""
    if type_ == "region" and not country_code:
        return 0
    return _TYPE_RANK.get(type_, 2)


TYPES = ("country", "admin1", "admin2", "city", "town", "village", "region", "other")


@direct_init  # (thousands of candidates are built on a first pass over new names)
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
_DOUBLED_CHAR = re.compile(r"(.)\1", re.DOTALL)
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
    if surface.isascii():
        if surface.isalpha():  # one plain word, the commonest case: no mark, no separator
            key = surface.lower()
            return _ABBREVIATIONS.get(key, key)
        if surface.replace(" ", "").isalpha():  # plain words and spaces: nothing vanishes or separates
            tokens = surface.lower().split()
        else:
            tokens = surface.casefold().translate(_PUNCT).split()
    else:
        tokens = _strip_marks(surface).casefold().translate(_PUNCT).split()
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
    # (any doubled character first, a simpler search than for a doubled letter; the loop
    # below keeps doubled characters that are no letters)
    found = _DOUBLED_CHAR.search(text)
    while found is not None and not found.group(1).isalpha():
        found = _DOUBLED_CHAR.search(text, found.start() + 1)
    if found is None:
        return text  # most words: nothing to collapse, and the search runs in C
    kept: list[str] = []
    previous = ""
    for char in text:
        if char != previous or not char.isalpha():
            kept.append(char)
        previous = char
    return "".join(kept)


def loose(key: str) -> str:
    """The looser key of a folded key, for names in transliterating countries: the spelling
    variants English, French and scholarly transliterations of Arabic (and Persian, Pashto,
    Kurdish) produce are merged: doubled letters ("Maarrat"/"Maarat", "Raqqa"/"Raqa"), "ou"
    and "u" ("Makhmour"/"Makhmur"), "ei"/"ey"/"ai" and "ay" ("Sheikh"/"Shaykh", "Deir"/"Dayr",
    "Ain"/"Ayn"), "q" and "k", "dj" and "j", and a final "-ah"/"-eh"/"-e" against "-a"
    ("Hawijah"/"Hawija", "Hasakeh"/"Hasakah", "Ashrafiyeh"/"Ashrafiya").

    No step reaches across a space, so a key of letters and digits is loosened word by word:
    the words of an n-gram were loosened when each was probed alone. (Not other keys: a word
    ending in "e-" is loosened with its key's final "e".)"""
    if " " in key and key.replace(" ", "").isalnum():
        return " ".join(map(_loose_word, key.split(" ")))
    return _loose_word(key)


@lru_cache(maxsize=65536)
def _loose_word(key: str) -> str:
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
_FILTER_MARK = b"\n@filter\n"
# The key lines are searched a block of about this many bytes at a time (see _Data).
_BLOCK = 4096
# The filter (see filter_slots): a bit array of 2**FILTER_BITS bits, two bits per entry.
FILTER_BITS = 22
_FILTER_MASK = (1 << FILTER_BITS) - 1
_FILTER_MIX = 0x9E3779B1


def filter_slots(probe: bytes) -> tuple[int, int]:
    """The two bits of the filter an entry sets: the low bits of its CRC-32 and the high bits of
    that CRC-32 times a large odd constant (one hash in C, stable across processes, unlike
    ``hash``; CRC-32 alone spreads the keys' near neighbours, Adler-32 does not).

    The filter holds every bytes string a key search can find at the start of a key line: each
    key followed by its tab, and each of its proper token prefixes followed by a space (see
    :meth:`_Data.rows` and :meth:`_Data.extends`). A probe whose bits are not both set finds
    nothing, so most probes of words that name no place skip the block searches; about one in
    fifty that find nothing still searches."""
    crc = zlib.crc32(probe)
    return crc & _FILTER_MASK, (crc * _FILTER_MIX >> 32) & _FILTER_MASK


def filter_entries(key: str) -> Iterator[bytes]:
    """What a key line puts in the filter (see :func:`filter_slots`)."""
    raw = key.encode("utf-8")
    yield raw + b"\t"
    at = raw.find(b" ")
    while at != -1:
        yield raw[: at + 1]
        at = raw.find(b" ", at + 1)


class _Data:
    """The mapped file: its place lines and key lines, read where a lookup lands.

    Nothing is split or parsed up front. Key lines read "key<TAB>offsets". Because a tab sorts
    before every character a folded key can hold, the lines sort exactly as their keys do; the
    load notes the first key after every ``_BLOCK`` bytes of the key section, and a lookup
    bisects those, then searches the one block that can hold the key.
    Lines stay UTF-8 bytes (whose order is code point order); only what a lookup returns is
    decoded. A place is named by the byte offset of its line in the places section, so it is
    read without counting lines.
    """

    __slots__ = (
        "abbreviations",
        "blob",
        "block_keys",
        "block_starts",
        "filter",
        "filter_span",
        "keys_end",
        "max_tokens",
        "places",
        "places_end",
        "places_start",
    )

    def __init__(self, blob: bytes | mmap.mmap, header: list[str], places_start: int) -> None:
        self.blob = blob
        self.max_tokens = _header_value(header, "max_name_tokens")
        self.places_start = places_start
        self.places_end = places_start + _header_value(header, "places_bytes")
        keys_start = self.places_end + len(_KEYS_MARK)
        self.keys_end = keys_start + _header_value(header, "keys_bytes")
        abbr_start = self.keys_end + len(_ABBREVIATIONS_MARK)
        if (
            blob[self.places_end : keys_start] != _KEYS_MARK
            or blob[self.keys_end : abbr_start] != _ABBREVIATIONS_MARK
        ):
            raise RuntimeError(f"{DATA_FILE}: the section sizes in its header do not match the file")
        filter_start = len(blob) - 1 - _header_value(header, "filter_bytes")
        abbr_end = filter_start - len(_FILTER_MARK)
        if blob[abbr_end:filter_start] != _FILTER_MARK:
            raise RuntimeError(f"{DATA_FILE}: the filter size in its header does not match the file")
        self.filter_span = (filter_start, len(blob) - 1)
        self.filter: bytes | None = None  # decoded at the first probe
        self.abbreviations: dict[str, int] = {}
        for line in blob[abbr_start:abbr_end].decode("utf-8").split("\n"):
            if line:
                key, offset = line.split("\t")
                self.abbreviations[key] = int(offset)
        self.places: dict[int, Place] = {}
        # Block i runs from block_starts[i] to the line before block_starts[i + 1]; block_keys[i]
        # is its first key with the tab after it.
        self.block_starts: list[int] = []
        self.block_keys: list[bytes] = []
        find = blob.find
        at = keys_start
        while at < self.keys_end:
            self.block_starts.append(at)
            self.block_keys.append(blob[at : find(b"\t", at) + 1])
            at = find(b"\n", at + _BLOCK) + 1
            if at == 0:
                break
        self.block_starts.append(self.keys_end + 1)

    def filter_bits(self) -> bytes:
        """The filter's bit array (base64 in the file: decoded once, about a millisecond)."""
        if self.filter is None:
            start, stop = self.filter_span
            self.filter = base64.b64decode(self.blob[start:stop])
        return self.filter

    def place(self, offset: int) -> Place:
        found = self.places.get(offset)
        if found is None:
            found = self.places[offset] = _parse_place(self.line(offset).decode())
        return found

    def line(self, offset: int) -> bytes:
        """The place line at this offset of the places section."""
        at = self.places_start + offset
        return self.blob[at : self.blob.find(b"\n", at, self.places_end + 1)]

    def places_of(self, offsets: Iterable[int]) -> list[Place]:
        """The places at these offsets, in that order (a loop without a call per row)."""
        places = self.places
        out = []
        for offset in offsets:
            found = places.get(offset)
            if found is None:
                found = self.place(offset)
            out.append(found)
        return out

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """Every place line with its offset, in file order."""
        blob, start, end = self.blob, self.places_start, self.places_end
        at = start
        while at < end:
            stop = blob.find(b"\n", at, end)
            if stop == -1:
                stop = end
            yield at - start, blob[at:stop]
            at = stop + 1

    def _line_starting(self, probe: bytes) -> bytes | None:
        """The first key line that starts with ``probe``, or None. The lines sort as their
        keys, so such lines follow each other from the first line not below ``probe``: they
        start in the one block that can hold it (bisected by its first key), found there by one
        search in C for the probe after a newline (the line before each key line ends in one),
        or else the next block opens with one."""
        index = bisect_right(self.block_keys, probe) - 1
        if index < 0:
            index = 0
        blob = self.blob
        at = blob.find(b"\n" + probe, self.block_starts[index] - 1, self.block_starts[index + 1] - 1)
        if at != -1:
            return blob[at + 1 : blob.find(b"\n", at + 1, self.keys_end + 1)]
        if index + 1 < len(self.block_keys) and self.block_keys[index + 1].startswith(probe):
            return self._block_first(index + 1)
        return None

    def _block_first(self, index: int) -> bytes:
        start = self.block_starts[index]
        return self.blob[start : self.blob.find(b"\n", start, self.keys_end + 1)]

    def rows(self, key: str) -> bytes | None:
        """The comma-separated place offsets of a folded key, or None."""
        return self.rows_of(key.encode("utf-8") + b"\t")

    def rows_of(self, probe: bytes) -> bytes | None:
        """The place offsets of the key line starting with ``probe`` (a key and its tab)."""
        line = self._line_starting(probe)
        return None if line is None else line[len(probe) :]

    def starts(self, probe: bytes) -> bool:
        """Whether some key line starts with ``probe`` (a key and a space: a longer key)."""
        return self._line_starting(probe) is not None


def _parse_place(line: str) -> Place:
    gid, name, type_, cc, adm1, lat, lon, pop, fcode, capital = line.split("\t")
    return Place(
        int(gid) if gid else None,
        name,
        type_,
        cc,
        adm1 or None,
        float(lat),
        float(lon),
        int(pop) if pop else 0,
        fcode,
        capital or None,
    )


def _header_value(header: list[str], name: str) -> int:
    prefix = f"# {name}:"
    for line in header:
        if line.startswith(prefix):
            return int(line[len(prefix) :])
    raise RuntimeError(f"{DATA_FILE} has no {name} line in its header")


def _map(source: Traversable) -> bytes | mmap.mmap:
    """The file's bytes: mapped where it is a file on disk (nothing is read until a lookup
    touches it), else read whole (a zipped install)."""
    if isinstance(source, Path):
        try:
            with source.open("rb") as handle:
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            pass
    return source.read_bytes()


@cache
def _data() -> _Data:
    blob = _map(resources.files("idlibparse.data").joinpath(DATA_FILE))
    places_at = blob.find(_PLACES_MARK)
    if places_at == -1:
        raise RuntimeError(f"{DATA_FILE} has no @places section")
    header = blob[:places_at].decode("utf-8").split("\n")
    version = _header_value(header, "fold_version")
    if version != FOLD_VERSION:
        raise RuntimeError(
            f"{DATA_FILE} was built with fold version {version}, the code folds with version "
            f"{FOLD_VERSION}: rebuild it with scripts/build_gazetteer.py"
        )
    return _Data(blob, header, places_at + len(_PLACES_MARK))


# ---------------------------------------------------------------------------------------------
# Lookups


@cache
def _common_words() -> frozenset[str]:
    raw = resources.files("idlibparse.data").joinpath(WORDS_FILE).read_text(encoding="utf-8")
    return frozenset(line for line in raw.split("\n") if line and not line.startswith("#"))


@lru_cache(maxsize=131072)
def probe(key: str) -> tuple[tuple[Place, ...], bool]:
    """:func:`lookup_folded` and :func:`has_prefix` of a folded key in one pass (the loose key
    computed once): what an n-gram scan asks of each n-gram. Each of its four searches runs
    only where the filter may hold what it searches for (most keys name nothing): the CRC-32 of
    the key is computed once and carried on over the tab or the space after it."""
    data = _data()
    bits = data.filter or data.filter_bits()
    crc32 = zlib.crc32
    raw = key.encode()
    crc = crc32(raw)
    exact = data.rows_of(raw + b"\t") if _may_hold(bits, crc32(b"\t", crc)) else None
    extends = _may_hold(bits, crc32(b" ", crc)) and data.starts(raw + b" ")
    loose_rows = None
    common = key in _common_words()  # no loose matches for "game"
    if not common or not extends:
        raw = (LOOSE_MARK + loose(key)).encode()
        crc = crc32(raw)
        if not common and _may_hold(bits, crc32(b"\t", crc)):
            loose_rows = data.rows_of(raw + b"\t")
        if not extends:
            extends = _may_hold(bits, crc32(b" ", crc)) and data.starts(raw + b" ")
    if exact is None and loose_rows is None:
        return (), extends
    return _candidates(data, exact, loose_rows), extends


def _may_hold(bits: bytes, crc: int) -> bool:
    """Whether the filter may hold the entry of this CRC-32: both its bits set (see
    :func:`filter_slots`, computed here without the tuple)."""
    slot = crc & _FILTER_MASK
    if not bits[slot >> 3] >> (slot & 7) & 1:
        return False
    slot = (crc * _FILTER_MIX >> 32) & _FILTER_MASK
    return bool(bits[slot >> 3] >> (slot & 7) & 1)


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


def _loose_rows(data: _Data, key: str) -> bytes | None:
    if key in _common_words():
        return None  # an English word ("game", "some") gets no loose matches
    return data.rows(LOOSE_MARK + loose(key))


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
    return data.rows(key) is not None or _loose_rows(data, key) is not None


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
    data = _data()
    return data.blob[data.places_start : data.places_end].count(b"\n") + 1


def places() -> Iterator[Place]:
    """Every place, in file order (countries, admin1, then the rest by country)."""
    data = _data()
    return (data.place(offset) for offset, _ in data.lines())


@cache
def _countries() -> dict[str, Place]:
    data = _data()
    found: dict[str, Place] = {}
    for offset, line in data.lines():
        if b"\tcountry\t" not in line:
            break  # countries come first in the file
        place = data.place(offset)
        found[place.country_code] = place
    return found


def country(code: str) -> Place | None:
    """The country with this ISO 3166-1 alpha-2 code ("SY"), or None."""
    return _countries().get(code.upper())


# The first place line that is neither a country nor an admin1 region (these come first), and
# an admin1 region's line with its name and country code; each from the newline before the
# line, so the search skips from newline to newline in C.
_PAST_ADMIN1 = re.compile(rb"\n[^\t\n]*+\t[^\t\n]*+\t(?!country\t|admin1\t)")
_ADMIN1_LINE = re.compile(rb"\n[^\t\n]*+\t([^\t\n]*+)\tadmin1\t([^\t\n]*+)\t")


@cache
def _admin1_lines() -> tuple[tuple[bytes, bytes, int], ...]:
    """(country code, name, offset) of every admin1 region's line, in file order. The countries
    and admin1 regions open the places section, so two scans in C read them all."""
    data = _data()
    start, end = data.places_start, data.places_end
    past = _PAST_ADMIN1.search(data.blob, start - 1, end)
    stop = past.start() + 1 if past is not None else end
    lines = _ADMIN1_LINE.finditer(data.blob, start - 1, stop)
    return tuple((m[2], m[1], m.start() + 1 - start) for m in lines)


@lru_cache(maxsize=256)
def _admin1_rows(country_code: str) -> dict[str, int]:
    """Folded name -> offset of the line of each admin1 region of a country (a Place is made
    only for the lines asked for; only this country's names are folded)."""
    code = country_code.encode("utf-8")
    return {fold(name.decode("utf-8")): row for cc, name, row in _admin1_lines() if cc == code}


@cache
def _admin1s() -> dict[tuple[str, str], Place]:
    data = _data()
    found: dict[tuple[str, str], Place] = {}
    for cc, name, row in _admin1_lines():
        found[(cc.decode("utf-8"), fold(name.decode("utf-8")))] = data.place(row)
    return found


def admin1(country_code: str, admin1_name: str) -> Place | None:
    """The admin1 region (province, governorate, state) as a Place, from its country code and
    its name or any alternate name ("SY", "Idlib" or "Idlib Governorate")."""
    code = country_code.upper()
    row = _admin1_rows(code).get(fold(admin1_name))
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
