"""The resolver's one-loop reading of a name's candidates gives what the separate passes it
stands in for give (the areas, the lead country and province, the votes, the anchor, the grid
cells, the sole county and the score's flags)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse.extractors import _places_resolve as resolve
from idlibparse.gazetteer import TYPES, Place

_MAX = resolve._MAX_CANDIDATES


def _reference(candidates: tuple[Place, ...]) -> tuple[object, ...]:
    """The facts as the separate passes over the candidates compute them."""
    top = candidates[:_MAX]
    areas = {(c.country_code, c.admin1) for c in top if c.admin1}
    codes = {c.country_code for c in top if c.country_code and (c.population or c.type == "country")}
    lead_country = lead_admin1 = None
    votes: tuple[tuple[str, float], ...] = ()
    if top:
        first = top[0]
        rivals = any(c.type == "admin1" or c.population >= resolve._BIG_RIVAL for c in candidates[1:])
        if first.type == "country" and not rivals:
            lead_country = first.country_code
        else:
            if 0 < len(codes) <= 3:
                votes = tuple((code, 1 / len(codes)) for code in codes)
            if first.type == "admin1" and sum(1 for c in candidates if c.type == "admin1") == 1:
                lead_admin1 = (first.country_code, first.admin1 or first.name)
    anchor = None
    if top:
        place = max(top, key=lambda c: c.population)
        if not any(c is not place and c.population * 10 > place.population for c in top) and (
            place.type in resolve._SETTLEMENT or place.type == "admin2"
        ):
            anchor = place
    own = {resolve._cell(c.lat, c.lon) for c in top if c.type in resolve._SETTLEMENT or c.type == "admin2"}
    around = frozenset(cell + near for cell in own for near in resolve._NEIGHBOURHOOD)
    sole_county = sum(1 for c in top if c.type == "admin2") == 1
    any_capital = any(o.capital_of for o in candidates)
    big = any(
        o.type == "country" or o.type == "admin1" or o.population >= resolve._BIG_CITY for o in candidates
    )
    return (areas, lead_country, set(votes), lead_admin1, anchor, around, sole_county, any_capital, big)


def _fast(candidates: tuple[Place, ...]) -> tuple[object, ...]:
    facts = resolve._candidate_facts(candidates)
    assert isinstance(facts, resolve._Facts)
    return (
        facts.areas,
        facts.lead_country,
        set(facts.votes),
        facts.lead_admin1,
        facts.anchor,
        facts.around,
        facts.sole_county,
        facts.any_capital,
        facts.big,
    )


POPULATIONS = (0, 5, 900, 1_000, 9_999, 10_000, 99_999, 100_000, 499_999, 500_000, 2_000_000)

places = st.builds(
    Place,
    geonames_id=st.none(),
    name=st.sampled_from(("Springfield", "Aleppo", "Georgia", "Idlib")),
    type=st.sampled_from(TYPES),
    country_code=st.sampled_from(("", "US", "SY", "GE", "TR")),
    admin1=st.sampled_from((None, "", "Ohio", "Idlib", "Aleppo")),
    lat=st.floats(-89.0, 89.0),
    lon=st.floats(-179.0, 179.0),
    population=st.sampled_from(POPULATIONS),
    feature_code=st.just(""),
    capital_of=st.sampled_from((None, None, "SY")),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(places, max_size=30), st.lists(st.integers(0, 29), max_size=4))
def test_one_loop_facts_match_the_separate_passes(pool: list[Place], repeats: list[int]) -> None:
    # (the same place twice in a tuple, as a reference, must count once as "another")
    candidates = list(pool)
    for index in repeats:
        if index < len(candidates):
            candidates.append(candidates[index])
    as_tuple = tuple(candidates)
    assert _fast(as_tuple) == _reference(as_tuple)


def test_facts_of_written_places() -> None:
    aleppo_city = Place(1, "Aleppo", "city", "SY", "Aleppo", 36.2, 37.16, 1_800_000, "PPLA")
    aleppo_province = Place(2, "Aleppo", "admin1", "SY", "Aleppo", 36.25, 37.5, 0, "ADM1")
    georgia = Place(3, "Georgia", "country", "GE", None, 42.0, 43.5, 3_700_000, "PCLI")
    georgia_state = Place(4, "Georgia", "admin1", "US", "Georgia", 32.75, -83.5, 0, "ADM1")
    small = Place(5, "Georgia", "village", "US", "Ohio", 40.0, -82.0, 900, "PPL")
    cases = [
        (aleppo_city,),
        (aleppo_province, aleppo_city),
        (georgia,),
        (georgia, georgia_state, small),
        (small, small),
        tuple([small] * 30 + [georgia_state]),
        (),
    ]
    for candidates in cases:
        assert _fast(candidates) == _reference(candidates)
    assert resolve._candidate_facts((georgia,)).lead_country == "GE"
    assert resolve._candidate_facts((georgia, georgia_state)).lead_country is None
    assert resolve._candidate_facts((aleppo_city, small)).anchor is aleppo_city


# What can follow a country or a capital: the actor pattern's pre-test passes every text the
# pattern matches.
AFTER = st.lists(
    st.sampled_from(
        (
            " ",
            "\n",
            "\xa0",
            "\t",
            "'s",
            "’s",
            "s",
            "said",
            "says",
            "also",
            "has",
            "and",
            "Iran",
            "warned",
            "quickly",
            "on",
            "Monday",
            "government",
            "Defence",
            "Ministry",
            "é",
            "ly",
            ",",
            ".",
            "-",
            "Ünal",
        )
    ),
    max_size=8,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(("Turkey", "Ankara", "the city")), AFTER)
def test_actor_pretest_passes_every_match(name: str, after: str) -> None:
    from idlibparse.extractors import places

    text = name + after
    matched = places._actor_pattern().match(text[len(name) : len(name) + 80]) is not None
    if matched:
        assert places._may_act(text, len(name))
    assert places._acts(text, len(name)) == matched


def test_actor_pretest_on_written_sentences() -> None:
    from idlibparse.extractors import places

    for text, acts in (
        ("Turkey said on Sunday", True),
        ("Turkey's Defence Ministry said", True),
        ("Turkey’s foreign minister warned", True),
        ("Turkey and Russia agreed", True),
        ("Turkey, Russia and Iran", False),
        ("Turkey on Monday", False),
        ("Turkey Monday", False),
    ):
        assert places._acts(text, 6) == acts, text


def test_actor_pretest_passes_every_lower_case_letter_and_white_space() -> None:
    """Every branch after the white space starts with a lower-case letter (a word of the verb
    list, an adverb, or one the pattern's \\p{Ll} takes): the pre-test passes all of them, and
    every white space the pattern's \\s takes."""
    import regex

    from idlibparse import lexicon
    from idlibparse.extractors import places

    assert all(verb[:1].islower() for verb in lexicon.ordered_words("places_actor_verbs.txt"))
    lower = regex.compile(r"\p{Ll}")
    assert all(places._may_act(" " + chr(c), 0) for c in range(0x110000) if lower.match(chr(c)))
    space = regex.compile(r"\s")
    assert all(places._may_act(chr(c) + "a", 0) for c in range(0x110000) if space.match(chr(c)))
