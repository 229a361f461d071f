"""Parse an annotated corpus (JSON Lines with id, text, dct) through the library and write
idlibparse records as JSON Lines, for ``score.py``. The CLI does the same with
``idlibparse parse FILE.jsonl --format jsonl``; this script needs only the library.

    python scripts/run_corpus.py GOLD.jsonl PRED.jsonl [--only numbers,dates]
"""

from __future__ import annotations

import argparse
import json

import idlibparse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("pred")
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    only = args.only.split(",") if args.only else None
    with open(args.gold, encoding="utf-8") as src, open(args.pred, "w", encoding="utf-8") as out:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            result = idlibparse.parse(
                record["text"],
                ref_date=record.get("dct"),
                id=record["id"],
                only=only,
                ref_date_source="record",
            )
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
