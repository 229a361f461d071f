"""The JSON Schema of an output record (``idlibparse schema``), derived from the dataclasses of
``idlibparse.records`` so that it follows them: every field becomes a property typed from its
annotation. Only what ``to_dict()`` does differently is written here (a number's ``counted``
span flattened into three keys, the internal ``kinds`` left out), plus the documented value sets.

``problems(record)`` checks a record against the schema (the subset of JSON Schema used here:
type, properties, required, additionalProperties, items, $ref, anyOf, enum, minimum).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from idlibparse import records

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SECTION_KINDS = ("title", "dateline", "body", "caption", "credits", "boilerplate")

# The documented values of enumerated fields (issue 2 and the comments in records.py).
ENUMS: dict[tuple[str, str], tuple[str | None, ...]] = {
    ("Section", "kind"): SECTION_KINDS,
    ("Result", "ref_date_source"): ("option", "record", "dateline", "metadata", "filename", None),
    ("NumberMention", "qualifier"): (
        "exact",
        "approximately",
        "more_than",
        "at_least",
        "less_than",
        "at_most",
        "up_to",
        "range",
        "vague",
    ),
    ("NumberMention", "category"): (
        "killed",
        "injured",
        "displaced",
        "refugees",
        "detained",
        "missing",
        "combatants",
        "military_vehicles",
        "aircraft",
        "munitions",
        "structures",
        "people",
        "money",
        "distance",
        "percent",
        "other",
    ),
    ("DateMention", "type"): ("date", "time", "duration", "set"),
    ("DateMention", "mod"): (
        "since",
        "until",
        "by",
        "start",
        "mid",
        "end",
        "approx",
        "before",
        "after",
        None,
    ),
    ("PlaceMention", "type"): ("country", "admin1", "admin2", "city", "town", "village", "region", "other"),
    ("PlaceMention", "role"): ("location", "actor"),
    ("PlaceMention", "reference"): ("name", "nominal"),
    ("QuoteMention", "kind"): ("direct", "partial", "reported", "according_to"),
    ("Speaker", "type"): (
        "person",
        "organization",
        "media",
        "government",
        "armed_group",
        "anonymous",
        "unknown",
    ),
}
for _kind in ("NumberMention", "DateMention", "PlaceMention", "QuoteMention"):
    ENUMS[(_kind, "section")] = SECTION_KINDS

# Where to_dict() departs from the fields: a field replaced by these keys (None: left out).
REPLACED: dict[tuple[str, str], dict[str, Any] | None] = {
    ("NumberMention", "counted"): {
        "counted": {"type": ["string", "null"], "description": "the noun phrase counted"},
        "counted_start": {"type": ["integer", "null"], "minimum": 0},
        "counted_end": {"type": ["integer", "null"], "minimum": 0},
    },
    ("Result", "kinds"): None,
}

DESCRIPTIONS: dict[str, str] = {
    "text": "the words exactly as they stand in the article",
    "start": "offset of the first code point (article[start:end] == text)",
    "end": "offset after the last code point (half-open)",
    "section": "the section of the article the mention starts in",
}

_CLASSES = (
    records.Span,
    records.Speaker,
    records.Section,
    records.Dateline,
    records.NumberMention,
    records.DateMention,
    records.PlaceMention,
    records.QuoteMention,
)
_SCALARS: dict[type, str] = {str: "string", int: "integer", float: "number", bool: "boolean"}


@cache
def record_schema() -> dict[str, Any]:
    """The JSON Schema of one output record (``Result.to_dict()``)."""
    schema = {
        "$schema": DIALECT,
        "title": "idlibparse record",
        **_object_schema(records.Result),
        "$defs": {cls.__name__: _object_schema(cls) for cls in _CLASSES},
    }
    return schema


def _object_schema(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        key = (cls.__name__, f.name)
        if key in REPLACED:
            properties.update(REPLACED[key] or {})
            continue
        prop = _type_schema(hints[f.name])
        if key in ENUMS:
            prop["enum"] = list(ENUMS[key])
        if f.name in DESCRIPTIONS:
            prop["description"] = DESCRIPTIONS[f.name]
        if f.name in ("start", "end"):
            prop["minimum"] = 0
        properties[f.name] = prop
    return {
        "type": "object",
        "description": " ".join((cls.__doc__ or cls.__name__).split()),
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _type_schema(hint: Any) -> dict[str, Any]:
    """JSON Schema of one annotation: scalars, ``X | None``, dataclasses, ``tuple[X, ...]``."""
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"unsupported union {hint!r}")
        inner = _type_schema(options[0])
        if "type" in inner and isinstance(inner["type"], str):
            return {**inner, "type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    if typing.get_origin(hint) is tuple:
        return {"type": "array", "items": _type_schema(args[0])}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if hint in _SCALARS:
        return {"type": _SCALARS[hint]}
    raise TypeError(f"no JSON Schema type for {hint!r}")


# --- checking a record ---------------------------------------------------------------------------

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}


def problems(instance: Any, schema: dict[str, Any] | None = None) -> list[str]:
    """Where ``instance`` breaks the record schema, as "path: problem" lines (empty when valid)."""
    root = schema or record_schema()
    found: list[str] = []
    _check(instance, root, root, "$", found)
    return found


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str, found: list[str]) -> None:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        _check(value, root["$defs"][name], root, path, found)
        return
    if "anyOf" in schema:
        if all(_fails(value, option, root) for option in schema["anyOf"]):
            found.append(f"{path}: matches none of the allowed shapes")
        return
    expected = schema.get("type")
    if expected is not None:
        names = [expected] if isinstance(expected, str) else expected
        if not any(_is_type(value, name) for name in names):
            found.append(f"{path}: {type(value).__name__} where {' or '.join(names)} is expected")
            return
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} is not one of {schema['enum']}")
    if "minimum" in schema and isinstance(value, int | float) and value < schema["minimum"]:
        found.append(f"{path}: {value} is below {schema['minimum']}")
    if isinstance(value, dict):
        _check_object(value, schema, root, path, found)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(item, schema["items"], root, f"{path}[{i}]", found)


def _check_object(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], path: str, found: list[str]
) -> None:
    properties: dict[str, Any] = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in value:
            found.append(f"{path}: missing {key!r}")
    for key, item in value.items():
        if key in properties:
            _check(item, properties[key], root, f"{path}.{key}", found)
        elif schema.get("additionalProperties") is False:
            found.append(f"{path}: unexpected key {key!r}")


def _fails(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    errors: list[str] = []
    _check(value, schema, root, "", errors)
    return bool(errors)


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    if name == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _JSON_TYPES[name])
