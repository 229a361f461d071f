"""idlibparse: numbers, dates, places and quotes from English conflict reporting.

>>> import idlibparse
>>> result = idlibparse.parse("On Monday, eight soldiers were killed.", ref_date="2020-02-08")
>>> result.to_dict()["dates"][0]["value"]
'2020-02-03'
"""

from idlibparse.document import Document
from idlibparse.pipeline import InputFileError, parse, parse_document, parse_documents, parse_file
from idlibparse.records import (
    KINDS,
    Dateline,
    DateMention,
    NumberMention,
    PlaceMention,
    QuoteMention,
    Result,
    Section,
    Span,
    Speaker,
)

__version__ = "0.1.0"

__all__ = [
    "KINDS",
    "DateMention",
    "Dateline",
    "Document",
    "InputFileError",
    "NumberMention",
    "PlaceMention",
    "QuoteMention",
    "Result",
    "Section",
    "Span",
    "Speaker",
    "__version__",
    "parse",
    "parse_document",
    "parse_documents",
    "parse_file",
]
