"""Dates extractor (first version pending)."""

from __future__ import annotations

from typing import Any

from idlibparse.document import Document


def extract(doc: Document) -> list[Any]:
    return []
