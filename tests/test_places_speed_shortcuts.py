"""The places scan's shortcuts give what the general paths they stand in for give: the name of a
run's long word read without the n-gram loop, the article before a run found from the run, a
run's trailing name words, the first letters that rule out a head word after a name."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from idlibparse import gazetteer
from idlibparse.extractors import _places_recognize as recognize

# Runs of the kinds the shortcuts meet: places, nationalities, people, short forms, words in
# capitals, joints, Arabic articles, dotted short forms, a dot after the run.
RUNS = (
    "Idlib",
    "Syria",
    "Syrian",
    "Aleppo Airport",
    "Maarat al-Numan",
    "Deir ez-Zor",
    "Gulf of Mexico",
    "Trinidad and Tobago",
    "President Bashar al-Assad",
    "Georgia Brown",
    "Washington Post",
    "New York City",
    "Sri Lankan",
    "Tennessee Colony",
    "U.S. Central Command",
    "Ga",
    "AZAZ",
    "Jordan Valley",
    "The Gainesville Police",
    "Kafr Nabl",
    "Chiquita Raquel Henry",
    "Calif",
    "St. Louis",
)


def _max_tokens() -> int:
    return max(1, min(gazetteer.max_name_tokens(), 12))


def test_run_plan_hits_match_the_longest_name_search() -> None:
    """Every name a run's plan holds is the one the general n-gram search finds there."""
    checked = 0
    for run in RUNS:
        toks = (("word", 0, len(run)),) if run.isalpha() else recognize._run_tokens(run)
        for dot_after in (False, True):
            plan = recognize._run_plan(run, toks, dot_after, _max_tokens())
            if plan is None:
                continue
            steps, plan_toks = plan
            assert plan_toks == toks
            for i, (step, hit, _) in enumerate(steps):
                if step == recognize._TRY:
                    expected = recognize._longest_in_run(run, i, dot_after, _max_tokens(), None, toks)
                    assert hit == expected, (run, dot_after, i)
                    checked += 1
    assert checked > 20


def _runs_by_joints(text: str) -> list[tuple[int, int]]:
    """The runs with their articles as found by a scan of every joint before a capital."""
    runs = [m.span() for m in recognize._RUN.finditer(text)]
    moved = {}
    for joint in regex.finditer(r"[\-‑’'](?=\p{Lu})", text):
        at = joint.start()
        article = recognize._ARTICLE_BEFORE.search(text, max(0, at - 3), at + 1)
        if article is not None:
            moved[at + 1] = article.start()
    return [(moved.get(start, start), end) for start, end in runs]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "al-Bab",
                "ash-Shughur",
                "el-Arish",
                "d'Ivoire",
                "O'Hare",
                "Deir ez-Zor",
                "as-Sham",
                "Coca-Cola",
                "ad-",
                "al-",
                "x'Y",
                " ",
                ", ",
                ".",
                "-",
                "'",
                "near ",
                "the town of ",
                "Idlib",
                "al-Numan",
                "ul-Haq",
                "\n",
                "3Al-Bab",
                "–",
                "ez-Zor's",
            ]
        ),
        max_size=12,
    )
)
def test_runs_find_the_articles_a_joint_scan_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert recognize._runs(text) == _runs_by_joints(text)


def _tok(kind: str, at: int) -> recognize._Tok:
    return recognize._Tok(kind, at * 10, at * 10 + 5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["word", "con", "art", "dot"]), max_size=9))
def test_tail_tokens_read_the_name_tokens_from_the_end(kinds: list[str]) -> None:
    toks = [_tok(kind, at) for at, kind in enumerate(kinds)]
    expected = list(reversed(recognize._name_tokens(list(reversed(toks)))))
    assert recognize._tail_tokens(toks) == expected


def test_head_word_first_letters_admit_every_head_word() -> None:
    """The run sorting and the scan skip a following word whose first letters start no head
    word; every head word, in any case, passes that test, and so does the pattern's match."""
    size, starts = recognize._head_starts()
    head_after = recognize._cue_patterns()[1]
    for head in recognize._cue_words("after"):
        for written in (head, head.title(), head.upper()):
            after = f" {written}, said"
            assert head_after.match(after) is not None
            letters = after[1 : 1 + size]
            assert not letters.isascii() or letters.lower() in starts
