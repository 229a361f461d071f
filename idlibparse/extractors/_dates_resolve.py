"""Resolving a found temporal expression to a TIMEX3 value against the reference date.

Each form of the finder has one resolver here. Relative expressions read past-tense news as
TimeML does: a bare weekday is the most recent such day on or before the reference date unless
its clause is about the future; a month or a day without a year is the nearest one in the
direction the clause points. Without a reference date the values stay underspecified
(``XXXX-WXX-6``, ``XXXX-12``) and ``resolved`` is False.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import regex

from idlibparse import compiled, lexicon
from idlibparse.extractors._dates_find import vocabulary

ONE_DAY = dt.timedelta(days=1)
# Shapes of the story's last absolute date ("anchor") that relative expressions count from.
_YEAR_START = compiled.compile(r"\d{4}(?![\dX])")
_MONTH_START = compiled.compile(r"\d{4}-\d\d(?:-|$)")
_FULL_DATE = compiled.compile(r"\d{4}-\d\d-\d\d")
_QUARTER = compiled.compile(r"\d{4}-Q[1-4]")
_ANCHOR_PARTS = compiled.compile(r"(\d{4})(-(?:Q[1-4]|H[12]|\d\d(?:-\d\d)?))?")


class Timex(NamedTuple):
    """A resolved value, before it becomes a DateMention (a named tuple: one is made per
    expression, and a tuple is made several times faster than a frozen dataclass)."""

    value: str | None
    type: str = "date"
    mod: str | None = None
    resolved: bool = True
    anchor: str | None = None
    point: bool = True  # a date or time (may take a signal mod such as "since"), not a span
    end: int | None = None  # where the expression ends, when before the end of the match


class Context:
    """What a resolver knows besides the match: the reference date, which way the clause
    points in time (True future, False past, None unknown) and the last absolute date.

    Reading the clause's direction costs a search of the sentence for tense markers, and most
    expressions do not need it ("March 5, 2020" has its year): given ``ask``, the direction is
    worked out only when a resolver first reads ``future``."""

    __slots__ = ("_ask", "_future", "anchor", "ref")

    def __init__(
        self,
        ref: dt.date | None,
        future: bool | None,
        anchor: str | None,
        ask: Callable[[], bool | None] | None = None,
    ) -> None:
        self.ref = ref
        self.anchor = anchor
        self._future = future
        self._ask = ask

    @property
    def future(self) -> bool | None:
        if self._ask is not None:
            self._future = self._ask()
            self._ask = None
        return self._future


Resolver = Callable[[regex.Match[str], Context], Timex | None]

# --- small helpers ------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _numbers(pattern: regex.Pattern[str]) -> dict[str, int]:
    """A pattern's group numbers by name: ``regex`` reads a group's name only after failing to
    read it as a number, which costs an exception each time; a number it reads at once."""
    return dict(pattern.groupindex)


def number_of(m: regex.Match[str], name: str) -> int | str:
    """The number of group ``name`` in ``m``'s pattern, for ``m.group``, ``m.start``: read at
    once (see ``_numbers``); the name itself when there is no such group, which ``regex`` then
    refuses as it would."""
    return _numbers(m.re).get(name, name)


def _g(m: regex.Match[str], name: str) -> str | None:
    """A group's text, or None when it took no part (or the pattern, a single form, does not
    have it)."""
    number = _numbers(m.re).get(name)
    if number is None:
        return None
    value: str | None = m.group(number)
    return value


def _low(m: regex.Match[str], name: str) -> str:
    """A group's text lower-cased, or "" (as ``_g``, without a second call)."""
    number = _numbers(m.re).get(name)
    if number is None:
        return ""
    value: str | None = m.group(number)
    return value.lower() if value else ""


def _month(m: regex.Match[str]) -> int | None:
    name = _low(m, "month").rstrip(".")
    return lexicon.months().get(name)


def _weekday(m: regex.Match[str]) -> int:
    return int(vocabulary()["weekdays"][_low(m, "wd").rstrip("s")])


def _inner_mod(m: regex.Match[str]) -> str | None:
    inner = _low(m, "inner")
    if not inner:
        return None  # most expressions have no inner modifier, and "" is none
    mod = vocabulary()["inner"].get(" ".join(inner.split()))
    return None if mod in (None, "-") else mod


@lru_cache(maxsize=1024)
def _number(text: str) -> float | None:
    """A count of units, or None for "several", "a few" (TimeML's X)."""
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.5 if words.endswith(("1/2", "½")) else 0.0
    words = words.removesuffix("1/2").removesuffix("½").strip()
    if words.replace(",", "").replace(".", "", 1).isdigit():
        return float(words.replace(",", "")) + half
    table = vocabulary()["numbers"]
    if words in table:
        return None if table[words] == "X" else float(table[words])
    parts = words.split()
    if len(parts) == 2 and parts[0] in table and parts[1] in table:
        return float(table[parts[0]]) + float(table[parts[1]])
    return None


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _unit(m: regex.Match[str]) -> tuple[str, int]:
    return _unit_of(_low(m, "unit"))


@lru_cache(maxsize=256)
def _unit_of(word: str) -> tuple[str, int]:
    letter, size = vocabulary()["units"][" ".join(word.split())].split(":")
    return letter, int(size)


# A fraction of a unit is written in the next smaller one, as TimeML does ("P2Y6M", "PT1M30S").
_SMALLER = {"Y": ("M", 12), "D": ("TH", 24), "TH": ("TM", 60), "TM": ("TS", 60)}


@lru_cache(maxsize=1024)
def _duration(count: float | None, letter: str, size: int) -> str:
    if count is None:
        return _iso([("X", letter)])
    whole, fraction = divmod(count * size, 1)
    smaller = _SMALLER.get(letter)
    if fraction and smaller and (fraction * smaller[1]).is_integer():
        head = [(_fmt(whole), letter)] if whole else []
        return _iso([*head, (_fmt(fraction * smaller[1]), smaller[0])])
    return _iso([(_fmt(count * size), letter)])


def _iso(parts: list[tuple[str, str]]) -> str:
    """An ISO 8601 duration from (amount, unit letter) parts, clock units ("TH") after a "T"."""
    date = "".join(f"{n}{u}" for n, u in parts if not u.startswith("T"))
    clock = "".join(f"{n}{u[1]}" for n, u in parts if u.startswith("T"))
    return f"P{date}T{clock}" if clock else f"P{date}"


def _count(m: regex.Match[str]) -> float | None:
    """The count of units, with "and a half" ("two and a half years", "a minute and a half")."""
    counts = m.captures(number_of(m, "num"))
    count = _number(counts[0] if counts else "")  # "two to three weeks": TimeML keeps the first
    return count + 0.5 if count is not None and _g(m, "half") else count


def week(day: dt.date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _ymd(day: dt.date) -> str:
    return day.isoformat()


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick_year(ref: dt.date, month: int, day: int, future: bool | None) -> int:
    """The year of a month-day written without one: the last occurrence on or before ``ref``
    in a past clause, the next on or after it in a future one, else the nearest."""
    dates = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _safe_date(y, month, day))]
    if not dates:
        return ref.year
    if future is True:
        return min((d for d in dates if d >= ref), default=dates[-1]).year
    if future is False:
        return max((d for d in dates if d <= ref), default=dates[0]).year
    return min(dates, key=lambda d: abs((d - ref).days)).year


def _month_year(ref: dt.date, month: int, future: bool | None) -> int:
    return _pick_year(ref, month, 15 if month != ref.month else ref.day, future)


def _weekday_date(ref: dt.date, wd: int, future: bool | None, strict: bool = False) -> dt.date:
    """The weekday's date: the most recent on or before ``ref`` (strictly before when
    ``strict``), or the next on or after it for a future clause."""
    delta = (ref.isoweekday() - wd) % 7
    if future:
        ahead = (wd - ref.isoweekday()) % 7
        if strict and ahead == 0:
            ahead = 7
        return ref + dt.timedelta(days=ahead)
    if strict and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


# --- resolvers, one per form --------------------------------------------------------------

_PART_CODES = {"mid-afternoon": "AF", "mid afternoon": "AF", "midafternoon": "AF"}


def _part_code(m: regex.Match[str]) -> str:
    word = " ".join(_low(m, "part").split())
    seasons = vocabulary()["seasons"]
    return _PART_CODES.get(word) or seasons.get(word) or seasons.get(word.rstrip("s"), "DT")


def _day_from_word(word: str, ref: dt.date | None) -> tuple[str, bool]:
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "overnight": -1}[word.lower()]
    if ref is None:
        return "XXXX-XX-XX", False
    return _ymd(ref + dt.timedelta(days=offset)), True


def _dayref(m: regex.Match[str], ctx: Context) -> tuple[str, bool] | None:
    """The day a clock time or day part is attached to (a date, a weekday, yesterday)."""
    if _g(m, "day") and _g(m, "month"):
        return _full_value(m, ctx)
    if _g(m, "wd"):
        wd = _weekday(m)
        if ctx.ref is None:
            return f"XXXX-WXX-{wd}", False
        rel = _low(m, "rel")
        future = True if rel in ("next", "this coming", "coming") else ctx.future
        strict = rel in ("last", "next", "this past", "this coming", "past", "previous", "coming")
        return _ymd(_weekday_date(ctx.ref, wd, future, strict)), True
    if _g(m, "dayword"):
        return _day_from_word(_low(m, "dayword"), ctx.ref)
    return None


def _time(m: regex.Match[str], ctx: Context) -> Timex | None:
    if _g(m, "noon"):
        clock = "12:00" if _low(m, "noon") in ("noon", "midday") else "24:00"
    elif _g(m, "ampm"):
        hour = int(_g(m, "hh") or 0)
        if hour == 0 or hour > 12:
            return None
        pm = _low(m, "ampm").startswith("p")
        hour = hour % 12 + (12 if pm else 0)
        clock = f"{hour:02d}:{_g(m, 'mm') or '00'}"
    elif _g(m, "hh24"):
        clock = f"{_g(m, 'hh24')}:{_g(m, 'mm24')}"
    else:
        clock = f"{int(_g(m, 'hhc') or 0):02d}:{_g(m, 'mmc')}"
    day = _dayref(m, ctx)
    if day is None:
        day = (_ymd(ctx.ref), True) if ctx.ref else ("XXXX-XX-XX", False)
    mod = "approx" if _low(m, "tapprox") in ("about", "around", "approximately") else None
    return Timex(f"{day[0]}T{clock}", "time", mod, day[1])


def _daypart(m: regex.Match[str], ctx: Context) -> Timex | None:
    code = _part_code(m)
    plural = _low(m, "part").endswith("s") and _g(m, "wd") is not None
    if plural:
        return Timex(f"XXXX-WXX-{_weekday(m)}T{code}", "set", point=False)
    rel = _low(m, "dprel")
    if rel in ("that", "the", "one"):
        if rel == "the" or _g(m, "dpin") or rel == "one":
            return None
        return Timex(None, "time", resolved=False)
    day: tuple[str, bool] | None
    if rel == "last":
        if code != "NI" or ctx.ref is None:
            day = (_ymd(ctx.ref - ONE_DAY), True) if ctx.ref and code == "NI" else None
        else:
            day = (_ymd(ctx.ref - ONE_DAY), True)
        if day is None:
            return None
    elif rel == "this":
        day = (_ymd(ctx.ref), True) if ctx.ref else ("XXXX-XX-XX", False)
    else:
        day = _dayref(m, ctx)
    if day is None:
        return None
    dpmod = {"early": "start", "late": "end"}.get(_low(m, "dpmod"))
    return Timex(f"{day[0]}T{code}", "time", dpmod, day[1])


def _partalone(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "At dawn": that part of the reference day."""
    day = _ymd(ctx.ref) if ctx.ref else "XXXX-XX-XX"
    return Timex(f"{day}T{_part_code(m)}", "time", resolved=ctx.ref is not None)


def _dayrange(m: regex.Match[str], ctx: Context) -> Timex | None:
    """The first day of "11-13 December" (TimeML marks two dates): the month and year of the
    second; ``range_end`` gives the second."""
    found = _full_value(m, ctx)
    if found is None:
        return None
    first = _safe_date(int(found[0][:4]), int(found[0][5:7]), int(_g(m, "d1") or 0)) if found[1] else None
    if found[1] and first is None:
        return None
    value = _ymd(first) if first else f"{found[0][:8]}{int(_g(m, 'd1') or 0):02d}"
    return Timex(value, resolved=found[1], end=m.end("d1"))


def range_end(m: regex.Match[str], ctx: Context) -> Timex | None:
    """The second date of a range of days ("13 December" of "11-13 December")."""
    found = _full_value(m, ctx)
    return Timex(found[0], resolved=found[1]) if found else None


def _full_value(m: regex.Match[str], ctx: Context) -> tuple[str, bool] | None:
    month = _month(m)
    day = int(_g(m, "day") or 0)
    if month is None:
        return None
    if _g(m, "year"):
        date = _safe_date(int(_g(m, "year") or 0), month, day)
        return (_ymd(date), True) if date else None
    if not _safe_date(2000, month, day):
        return None
    if ctx.ref is None:
        return f"XXXX-{month:02d}-{day:02d}", False
    date = _safe_date(_pick_year(ctx.ref, month, day, ctx.future), month, day)
    return (_ymd(date), True) if date else None


def _full(m: regex.Match[str], ctx: Context) -> Timex | None:
    if _g(m, "iso"):
        date = _safe_date(int(_g(m, "iy") or 0), int(_g(m, "im") or 0), int(_g(m, "id") or 0))
        return Timex(_ymd(date)) if date else None
    if _g(m, "num_date"):
        a, b, year = int(_g(m, "na") or 0), int(_g(m, "nb") or 0), int(_g(m, "ny") or 0)
        if a > 12 >= b:
            date = _safe_date(year, b, a)
        elif b > 12 >= a or a == b:
            date = _safe_date(year, a, b)
        else:
            return None  # 03/04/2019: day and month cannot be told apart
        return Timex(_ymd(date)) if date else None
    found = _full_value(m, ctx)
    return Timex(found[0], mod=_inner_mod(m), resolved=found[1]) if found else None


def _holiday_date(rule: str, year: int) -> dt.date | None:
    """A holiday's date in ``year`` from its rule: "12-25", or "11-4#4" (the fourth Thursday
    of November; "#-1" is the last such weekday)."""
    month_part, _, rest = rule.partition("-")
    month = int(month_part)
    if "#" not in rest:
        return _safe_date(year, month, int(rest))
    weekday, nth = (int(x) for x in rest.split("#"))
    days = [
        d
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).isoweekday() == weekday
    ]
    return dt.date(year, month, days[nth - 1 if nth > 0 else nth])


def _holiday(m: regex.Match[str], ctx: Context) -> Timex | None:
    rule = vocabulary()["holidays"].get(" ".join(_low(m, "holiday").split()))
    if rule is None:
        return None
    if _g(m, "year"):
        date = _holiday_date(rule, int(_g(m, "year") or 0))
        return Timex(_ymd(date)) if date else None
    if ctx.ref is None:
        fixed = "#" not in rule
        return Timex(f"XXXX-{rule}" if fixed else None, resolved=False)
    rel = _low(m, "rel")
    future = True if rel in ("next", "coming", "this coming") else False if rel == "last" else ctx.future
    dates = [d for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1) if (d := _holiday_date(rule, y))]
    if future is True:
        date = min((d for d in dates if d >= ctx.ref), default=dates[-1])
    elif future is False:
        date = max((d for d in dates if d <= ctx.ref), default=dates[0])
    else:
        date = min(dates, key=lambda d: abs((d - ctx.ref).days) if ctx.ref else 0)
    return Timex(_ymd(date))


def _yearwords(m: regex.Match[str], ctx: Context) -> Timex | None:
    """Years said in words: "nineteen ninety-six", "two thousand and one"."""
    rest = _low(m, "yrest").removeprefix("oh").strip()
    count = _number(rest) if rest else 0.0
    if count is None:
        return None
    if _g(m, "ythousand"):
        year = 2000 + int(count)
    else:
        year = (19 if _low(m, "ycent") == "nineteen" else 20) * 100 + int(count)
    month = _month(m) if _g(m, "month") else None
    return Timex(f"{year}-{month:02d}" if month else str(year))


def _yearend(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "By year-end": the end of the reference year."""
    if ctx.ref is None:
        return Timex("XXXX", mod="end", resolved=False)
    return Timex(str(ctx.ref.year), mod="end")


_STEP = {"following": 1, "next": 1, "after": 1, "previous": -1, "preceding": -1, "before": -1, "same": 0}


def _relday(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "The following day", "the previous year", "the same month": one unit from the last
    absolute date the story gave (TimeML anchors these in the text, not on the day of writing);
    with none, from the reference date."""
    step = _STEP.get(_low(m, "drel"), 0)
    unit = _low(m, "dunit") or "day"
    found = _from_anchor(unit, step, ctx.anchor or "")
    if found is not None:
        return found
    if unit == "day" or ctx.ref is None:
        return Timex(None, resolved=False)
    letter, size = vocabulary()["units"][unit].split(":")
    return _relative_unit(letter, int(size), step, ctx, None)


def _from_anchor(unit: str, step: int, base: str) -> Timex | None:
    """The ``unit`` ``step`` units from the story's last absolute date ``base``, when that date
    is precise enough."""
    if unit == "year" and _YEAR_START.match(base):
        return Timex(str(int(base[:4]) + step))
    if unit == "month" and _MONTH_START.match(base):
        return Timex(_ymd(_add_months(dt.date(int(base[:4]), int(base[5:7]), 1), step))[:7])
    if unit in ("day", "week") and _FULL_DATE.fullmatch(base):
        day = dt.date.fromisoformat(base)
        if unit == "day":
            return Timex(_ymd(day + dt.timedelta(days=step)))
        return Timex(week(day + dt.timedelta(weeks=step)))
    return None


def _plural(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "for weeks", "within days", "in years": an unspecified number of units."""
    letter, size = _unit(m)
    return Timex(_duration(None, letter, size), "duration", point=False)


def _monthyear(m: regex.Match[str], ctx: Context) -> Timex | None:
    month = _month(m)
    if month is None:
        return None
    if _g(m, "myrel"):  # "January this year", "June last year"
        if ctx.ref is None:
            return Timex(f"XXXX-{month:02d}", mod=_inner_mod(m), resolved=False)
        shift = {"last": -1, "next": 1}.get(_low(m, "myrel"), 0)
        return Timex(f"{ctx.ref.year + shift}-{month:02d}", mod=_inner_mod(m))
    return Timex(f"{_g(m, 'year')}-{month:02d}", mod=_inner_mod(m))


def _quarter_year(m: regex.Match[str], ctx: Context, start_month: int) -> tuple[str, bool]:
    if _g(m, "year"):
        return _g(m, "year") or "", True
    if ctx.ref is None:
        return "XXXX", False
    rel = _low(m, "rel")
    shift = {"last": -1, "next": 1, "previous": -1, "coming": 1}.get(rel, 0)
    if shift:
        return str(ctx.ref.year + shift), True
    if start_month > ctx.ref.month and ctx.future is not True:
        return str(ctx.ref.year - 1), True  # a quarter not begun yet, told of in the past
    return str(ctx.ref.year), True


def _period(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "The latest quarter" is the quarter the story speaks of (else the last one completed);
    "the year-ago quarter", "year-earlier" the same quarter a year before."""
    quarter = ctx.anchor if ctx.anchor and _QUARTER.fullmatch(ctx.anchor) else None
    if quarter is None:
        if ctx.ref is None:
            return Timex("XXXX-QX", resolved=False)
        last = (ctx.ref.year * 4 + (ctx.ref.month - 1) // 3) - 1
        quarter = f"{last // 4}-Q{last % 4 + 1}"
    if _g(m, "pago"):
        return Timex(f"{int(quarter[:4]) - 1}{quarter[4:]}")
    return Timex(quarter)


def _quarter(m: regex.Match[str], ctx: Context) -> Timex | None:
    if _g(m, "qq"):
        code = _g(m, "qq") or ""
        year = _g(m, "year")
        if year:
            return Timex(f"{year}-{code}")
        if ctx.ref is None:
            return Timex(f"XXXX-{code}", resolved=False)
        return Timex(f"{ctx.ref.year}-{code}")
    ordinal = int(vocabulary()["ordinals"].get(_low(m, "ord"), _low(m, "ord")[:1] or "0"))
    half = _low(m, "qunit") == "half"
    if half:
        if ordinal not in (1, 2) and _low(m, "ord") not in ("last", "final"):
            return None
        ordinal = 2 if ordinal == 4 else ordinal
        year, ok = _quarter_year(m, ctx, 1 + 6 * (ordinal - 1))
        return Timex(f"{year}-H{ordinal}", resolved=ok)
    if not 1 <= ordinal <= 4:
        return None
    year, ok = _quarter_year(m, ctx, 1 + 3 * (ordinal - 1))
    if _g(m, "pago") and ok:  # "the year-earlier third quarter"
        year = str(int(year) - 1)
    return Timex(f"{year}-Q{ordinal}", resolved=ok)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


def _decade(m: regex.Match[str], ctx: Context) -> Timex | None:
    mod = {"early": "start", "late": "end", "mid": "mid"}.get(_low(m, "dmod"))
    if _g(m, "cent"):
        return Timex(f"{int(_g(m, 'cent') or 1) - 1:02d}", mod=mod)
    if _g(m, "dec"):
        return Timex((_g(m, "dec") or "")[:3], mod=mod)
    digit = int((_g(m, "dec2") or "0")[0]) if _g(m, "dec2") else _DECADE_WORDS[_low(m, "decw")]
    century = (
        20 if ctx.ref and digit * 10 <= ctx.ref.year % 100 and ctx.ref.year >= 2000 and digit < 3 else 19
    )
    return Timex(f"{century}{digit}", mod=mod)


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(m: regex.Match[str], ctx: Context) -> Timex | None:
    code = vocabulary()["seasons"][_low(m, "season")]
    mod = _inner_mod(m)
    if _g(m, "year"):
        return Timex(f"{_g(m, 'year')}-{code}", mod=mod)
    if ctx.ref is None:
        return Timex(f"XXXX-{code}", mod=mod, resolved=False)
    rel = _low(m, "rel")
    start = _SEASON_START[code]
    year = ctx.ref.year
    if rel in ("last", "past", "previous", "this past"):
        year = year if start + 2 < ctx.ref.month else year - 1
    elif rel in ("next", "coming", "this coming"):
        year = year if start > ctx.ref.month else year + 1
    elif rel not in ("this", "current") and start > ctx.ref.month and ctx.future is not True:
        year -= 1
    return Timex(f"{year}-{code}", mod=mod)


def _approx_mod(m: regex.Match[str]) -> str | None:
    word = " ".join(_low(m, "approx").split())
    return vocabulary()["inner"].get(word) if word else None


def _shift(ref: dt.date, count: float, letter: str, size: int, sign: int) -> str | None:
    """The point ``count`` units before (sign -1) or after ``ref``, at the unit's grain."""
    if letter == "Y" and size == 1 and not float(count).is_integer():
        return _ymd(_add_months(ref, round(count * 12) * sign))[:7]  # "a year and a half ago"
    n = round(count * size) * sign
    if letter in ("D", "TH", "TM", "TS"):
        days = n if letter == "D" else 0
        return _ymd(ref + dt.timedelta(days=days))
    if letter == "W":
        return _ymd(ref + dt.timedelta(weeks=n))
    if letter == "M":
        return _ymd(_add_months(ref, n))[:7]
    if letter == "Q":
        return _ymd(_add_months(ref, 3 * n))[:7]
    if letter == "Y":
        if size >= 10:
            return str(ref.year + n)[:3] if size == 10 else str(ref.year + n)[:2]
        return str(ref.year + n)
    return None


def _ago(m: regex.Match[str], ctx: Context) -> Timex | None:
    count = _count(m)
    letter, size = _unit(m)
    direction = _low(m, "dir")
    sign = 1 if direction in ("later", "hence") or direction.startswith("from") else -1
    mod = _approx_mod(m)
    if direction == "later":  # "three days later": TimeML marks the span, "later" is a signal
        before = m.group()[: m.start(number_of(m, "dir")) - m.start()]
        end = m.start() + len(before.rstrip())
        anchor = ctx.anchor if ctx.anchor and _FULL_DATE.fullmatch(ctx.anchor) else None
        return Timex(_duration(count, letter, size), "duration", mod, anchor=anchor, point=False, end=end)
    if count is None:
        return Timex("PAST_REF" if sign < 0 else "FUTURE_REF", mod=mod)
    if ctx.ref is None:
        blank = {"M": "XXXX-XX", "Q": "XXXX-XX", "Y": "XXXX"}.get(letter, "XXXX-XX-XX")
        return Timex(blank, mod=mod, resolved=False)
    base = ctx.ref
    quarterly = ctx.anchor is not None and _QUARTER.fullmatch(ctx.anchor) is not None
    if (direction in ("earlier", "later") or quarterly) and ctx.anchor:
        shifted = _shift_anchor(ctx.anchor, count, letter, size, sign)
        if shifted:
            return Timex(shifted, mod=mod)
    value = _shift(base, count, letter, size, sign)
    return Timex(value, mod=mod) if value else None


def _shift_anchor(anchor: str, count: float, letter: str, size: int, sign: int) -> str | None:
    """ "A year earlier", "four days later": counted from the last date the story gave."""
    found = _ANCHOR_PARTS.fullmatch(anchor)
    if not found:
        return None
    if letter == "Y" and size == 1:
        keep = found[2] if found[2] and found[2][1] in "QH" else ""
        return f"{int(found[1]) + sign * int(count)}{keep}"
    if found[2] and len(found[2]) == 6 and letter in ("D", "W"):
        base = dt.date.fromisoformat(anchor)
        days = int(count) * (7 if letter == "W" else 1) * sign
        return _ymd(base + dt.timedelta(days=days))
    return None


_SET_BEFORE = compiled.compile(r"(?i)\b(?:once|twice|thrice|times|per)\s*+\Z")


def _duration_form(m: regex.Match[str], ctx: Context) -> Timex | None:
    count = _count(m)
    letter, size = _unit(m)
    value = _duration(count, letter, size)
    spanrel = _low(m, "spanrel")
    anchor = None
    if spanrel in ("past", "last", "next", "coming", "previous", "following", "remaining") and ctx.ref:
        anchor = _ymd(ctx.ref)
    return Timex(value, "duration", _approx_mod(m), anchor=anchor, point=False)


def _partof(m: regex.Match[str], ctx: Context) -> Timex | None:
    """ "The first week of the operation": a span of the stated length inside another."""
    letter, size = _unit(m)
    plural = _low(m, "unit").endswith("s")
    return Timex(_duration(None if plural else 1.0, letter, size), "duration", point=False)


def _pastunit(m: regex.Match[str], ctx: Context) -> Timex | None:
    letter, size = _unit(m)
    if _low(m, "unit").endswith("s"):
        return None
    return _relative_unit(letter, size, -1, ctx, None)


def _relative_unit(letter: str, size: int, shift: int, ctx: Context, mod: str | None) -> Timex | None:
    if ctx.ref is None:
        blank = {"W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX"}
        return Timex(blank.get(letter, "XXXX") if size == 1 else "XXX", mod=mod, resolved=False)
    ref = ctx.ref
    if letter == "W":
        return Timex(week(ref + dt.timedelta(weeks=shift * size)), mod=mod)
    if letter == "WE":
        base = ref + dt.timedelta(weeks=shift)
        if shift == 0 and ref.isoweekday() <= 4 and ctx.future is not True:
            base = ref - dt.timedelta(weeks=1)  # "the weekend", told early in the week: the one past
        return Timex(f"{week(base)}-WE", mod=mod)
    if letter == "M":
        return Timex(_ymd(_add_months(ref, shift))[:7], mod=mod)
    if letter == "Q":
        quarter = (ref.month - 1) // 3 + shift
        year, q = ref.year + quarter // 4, quarter % 4 + 1
        return Timex(f"{year}-Q{q}", mod=mod)
    if letter == "Y":
        if size == 10:
            return Timex(str(ref.year // 10 + shift), mod=mod)
        if size == 100:
            return Timex(f"{ref.year // 100 + shift:02d}", mod=mod)
        return Timex(str(ref.year + shift), mod=mod)
    return None


_REL_SHIFT = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "this past": -1,
    "this": 0,
    "current": 0,
    "next": 1,
    "coming": 1,
    "this coming": 1,
    "following": 1,
}


def _rel(m: regex.Match[str], ctx: Context) -> Timex | None:
    rel = " ".join(_low(m, "rel").split())
    unit = _low(m, "runit")
    mod = _inner_mod(m)
    if rel in ("that", "the same"):  # "that year": the story's last date gives it
        return _from_anchor(unit, 0, ctx.anchor or "")
    if _g(m, "the") and unit != "weekend" and not _g(m, "inner"):
        return None
    letter, size = vocabulary()["units"][unit].split(":")
    shift = _REL_SHIFT.get(rel, 0)
    if letter == "W" and int(size) == 2:
        return None
    return _relative_unit(letter, int(size), shift, ctx, mod)


def _relname(m: regex.Match[str], ctx: Context) -> Timex | None:
    rel = " ".join(_low(m, "rel").split())
    if rel in ("that", "the same", "current", "past", "previous", "following"):
        return None
    mod = _inner_mod(m)
    future = rel in ("next", "coming", "this coming")
    if _g(m, "wd"):
        wd = _weekday(m)
        if ctx.ref is None:
            return Timex(f"XXXX-WXX-{wd}", mod=mod, resolved=False)
        if rel == "this":
            return Timex(_ymd(_weekday_date(ctx.ref, wd, ctx.future is not False)), mod=mod)
        return Timex(_ymd(_weekday_date(ctx.ref, wd, future, strict=True)), mod=mod)
    month = _month(m)
    if month is None:
        return None
    if ctx.ref is None:
        return Timex(f"XXXX-{month:02d}", mod=mod, resolved=False)
    # the month just past is "last month": "last February" said in March is a year back
    year = ctx.ref.year
    if rel in ("last", "this past"):
        year = year if month < ctx.ref.month - 1 else year - 1
    elif future:
        year = year if month > ctx.ref.month else year + 1
    return Timex(f"{year}-{month:02d}", mod=mod)


def _vague(m: regex.Match[str], ctx: Context) -> Timex | None:
    value = vocabulary()["vague"][" ".join(_low(m, "vague").split())]
    return Timex(value, "duration" if value.startswith("P") and "_" not in value else "date", point=False)


def _day(m: regex.Match[str], ctx: Context) -> Timex | None:
    word = _low(m, "dayword")
    value, ok = _day_from_word(word, ctx.ref)
    mod = {"early": "start", "late": "end"}.get(_low(m, "dwmod"))
    if word in ("tonight", "overnight"):  # "overnight" in a story: the night before its day
        return Timex(f"{value}TNI", "time", mod, ok)
    return Timex(value, mod=mod, resolved=ok)


def _weekday_form(m: regex.Match[str], ctx: Context) -> Timex | None:
    wd = _weekday(m)
    mod = {"early": "start", "late": "end"}.get(_low(m, "wdmod"))
    if ctx.ref is None:
        return Timex(f"XXXX-WXX-{wd}", mod=mod, resolved=False)
    # the reference date's own weekday is that day whichever way the clause points: its
    # direction, a search of the sentence, is not asked
    future = None if wd == ctx.ref.isoweekday() else ctx.future
    return Timex(_ymd(_weekday_date(ctx.ref, wd, future)), mod=mod)


def _month_form(m: regex.Match[str], ctx: Context) -> Timex | None:
    month = _month(m)
    if month is None:
        return None
    mod = _inner_mod(m)
    if ctx.ref is None:
        return Timex(f"XXXX-{month:02d}", mod=mod, resolved=False)
    # the reference date's own month is of its year whichever way the clause points
    future = None if month == ctx.ref.month else ctx.future
    return Timex(f"{_month_year(ctx.ref, month, future)}-{month:02d}", mod=mod)


def _year(m: regex.Match[str], ctx: Context) -> Timex | None:
    return Timex(_g(m, "year"), mod=_inner_mod(m))


def _set(m: regex.Match[str], ctx: Context) -> Timex | None:
    if _g(m, "setword"):
        return Timex(vocabulary()["sets"][_low(m, "setword")], "set", point=False)
    if _g(m, "unit"):
        letter, size = _unit(m)
        count = _number(_g(m, "num") or "1") if _g(m, "num") else 1.0
        return Timex(_duration(count, letter, size), "set", point=False)
    if _g(m, "wd"):
        return Timex(f"XXXX-WXX-{_weekday(m)}", "set", point=False)
    if _g(m, "month"):
        month = _month(m)
        return Timex(f"XXXX-{month:02d}", "set", point=False) if month else None
    return Timex(f"XXXX-XX-XXT{_part_code(m)}", "set", point=False)


RESOLVERS: dict[str, Resolver] = {
    "time": _time,
    "daypart": _daypart,
    "partalone": _partalone,
    "dayrange": _dayrange,
    "full": _full,
    "hol": _holiday,
    "monthyear": _monthyear,
    "period": _period,
    "quarter": _quarter,
    "decade": _decade,
    "season": _season,
    "yearwords": _yearwords,
    "yearend": _yearend,
    "relday": _relday,
    "plural": _plural,
    "ago": _ago,
    "duration": _duration_form,
    "partof": _partof,
    "pastunit": _pastunit,
    "set": _set,
    "rel": _rel,
    "relname": _relname,
    "vague": _vague,
    "day": _day,
    "weekday": _weekday_form,
    "month": _month_form,
    "year": _year,
}


def is_set_context(text: str, start: int) -> bool:
    """ "twice a week", "$5 per day": a/an + unit after a frequency word is a set."""
    return _SET_BEFORE.search(text, max(0, start - 12), start) is not None
