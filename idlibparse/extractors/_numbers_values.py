"""Values of the figures the mention pattern finds: digits with separators and scales ("3.6
million", "$2m", "40k"), cardinal words ("two hundred and fifty-three", "a dozen") and
fractions of scales ("half a million", "one and a half million")."""

from __future__ import annotations

from functools import lru_cache

import regex

from idlibparse import compiled
from idlibparse.extractors import _numbers_lexicon as lex

_DIGITS = compiled.compile(r"(?P<n>[\d,]*+\d(?:\.\d++)?)(?P<rest>.*+)", regex.DOTALL)
_TOKEN = compiled.compile(r"[a-z]++|\d[\d,]*+(?:\.\d++)?")
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.75, "third": 1 / 3, "thirds": 2 / 3}


def value_of(phrase: str) -> float | None:
    """The value of one figure as the mention pattern's ``number`` piece matched it."""
    if phrase[:1].isdigit() and phrase.replace(",", "").replace(".", "", 1).isdigit():
        return float(phrase.replace(",", ""))  # plain digits, the common case
    return _phrase_value(phrase)


@lru_cache(maxsize=4096)
def _phrase_value(phrase: str) -> float | None:
    """The value of a figure with words or a scale ("two", "3.5 million"): phrases repeat."""
    text = lex.norm(phrase)
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    if "and" in tokens and any(t in _FRACTIONS for t in tokens):
        return _mixed_fraction(tokens)
    if tokens[0] in ("half", "quarter", "three", "a", "one", "two") and any(t in _FRACTIONS for t in tokens):
        return _fraction_of_scale(tokens)
    if tokens[0][0].isdigit():
        return _digits(tokens)
    return words_value(tokens)


def _digits(tokens: list[str]) -> float | None:
    value = float(tokens[0].replace(",", ""))
    for tok in tokens[1:]:
        scale = lex.scales().get(tok)
        if scale is None:
            return None
        value *= scale[0]
    return value


def words_value(tokens: list[str]) -> float | None:
    """Cardinal words to a value: "two hundred and fifty three" -> 253, "a dozen" -> 12."""
    words = lex.number_words()
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok == "and":
            continue
        if tok == "a":
            current = current or 1.0
            seen = True
            continue
        if tok[0].isdigit():
            current = float(tok.replace(",", ""))
            seen = True
            continue
        entry = words.get(tok)
        if entry is None:
            return None
        value, kind = entry
        seen = True
        if kind in ("unit", "teen", "ten"):
            current += value
        elif kind in ("hundred", "dozen"):
            current = (current or 1.0) * value
        else:  # thousand, million, ...
            total += (current or 1.0) * value
            current = 0.0
    return total + current if seen else None


def _fraction_of_scale(tokens: list[str]) -> float | None:
    """ "half a million", "a quarter of a million", "three quarters of a million"."""
    words = lex.number_words()
    fraction = next(_FRACTIONS[t] for t in tokens if t in _FRACTIONS)
    scale = words.get(tokens[-1])
    return fraction * scale[0] if scale else None


def _mixed_fraction(tokens: list[str]) -> float | None:
    """ "one and a half million", "2 and a half million", "a million and a half"."""
    i = tokens.index("and")
    head, tail = tokens[:i], tokens[i + 1 :]
    fraction = next(_FRACTIONS[t] for t in tail if t in _FRACTIONS)
    words = lex.number_words()
    if tail[-1] in _FRACTIONS:  # "a million and a half": the scale is in the head
        scale = words.get(head[-1])
        lead = words_value(head[:-1] or ["a"])
        return (lead + fraction) * scale[0] if scale and lead is not None else None
    scale = words.get(tail[-1])
    lead = words_value(head)
    return (lead + fraction) * scale[0] if scale and lead is not None else None


def is_plain_integer(phrase: str) -> bool:
    """Digits only, no separator, decimal or scale ("2019", not "2,019" or "2019.5")."""
    return phrase.isdigit()


_ABBR_SCALE = compiled.compile(r"\d\s?(?P<s>[mb])\Z", regex.IGNORECASE)


def money_only_scale(phrase: str) -> str | None:
    """The scale letter of "50m"/"2b" (million/billion beside a currency, else metres or
    nothing), or None."""
    if phrase[-1:] not in "mbMB":
        return None
    m = _ABBR_SCALE.search(phrase)
    return m.group("s").lower() if m else None
