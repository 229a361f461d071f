"""The whole record for each seed article, compared with its golden JSON in tests/golden/.

A deliberate change of rules changes the golden file too: regenerate it with
``IDLIBPARSE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
The facts a user relies on are asserted one by one in test_seed.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import idlibparse

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLDEN = ROOT / "tests" / "golden"
REF_DATE = "2020-02-08"


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_matches_golden(seed: Path) -> None:
    record = idlibparse.parse_file(seed, ref_date=REF_DATE).to_dict()
    record["id"] = record["source"] = seed.name  # independent of where the tests run
    golden = GOLDEN / f"{seed.stem}.json"
    if os.environ.get("IDLIBPARSE_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for kind in ("sections", *idlibparse.KINDS):
        assert record[kind] == expected[kind], kind
    assert record == expected
