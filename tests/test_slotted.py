"""direct_init: every record class built by it behaves as the dataclass-generated constructor."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from idlibparse import gazetteer, records
from idlibparse.slotted import direct_init

CLASSES = [
    records.Span,
    records.Speaker,
    records.NumberMention,
    records.DateMention,
    records.PlaceMention,
    records.QuoteMention,
    records.Section,
    records.Dateline,
    gazetteer.Place,
]


def _twin(cls: type) -> Any:
    """The same fields in a class keeping the constructor dataclass writes (the long way)."""
    specs = [
        (f.name, f.type, dataclasses.field(default=f.default))
        if f.default is not dataclasses.MISSING
        else (f.name, f.type)
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(f"{cls.__name__}Twin", specs, frozen=True, slots=True)


def _state(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_is_built_as_the_dataclass_constructor_builds_it(cls: type) -> None:
    twin = _twin(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    names = [f.name for f in dataclasses.fields(cls)]
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    values = [f"value of {name}" for name in names]
    # all positional; the required ones only (defaults); everything by keyword, in reverse order
    assert _state(cls(*values)) == _state(twin(*values)) == tuple(values)
    short = values[: len(required)]
    assert _state(cls(*short)) == _state(twin(*short))
    keywords = dict(reversed(list(zip(names, values, strict=True))))
    assert _state(cls(**keywords)) == _state(twin(**keywords))
    built = cls(*values)
    assert built == cls(*values)
    assert hash(built) == hash(cls(*values))
    assert dataclasses.replace(built, **{names[0]: "other"}) != built
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, names[0], "changed")
    assert not hasattr(built, "__dict__")
    too_few: Any = lambda k: k(*short[:-1])  # noqa: E731
    too_many: Any = lambda k: k(*values, "x")  # noqa: E731
    for bad_call in (too_few, too_many):
        with pytest.raises(TypeError):
            bad_call(twin)
        with pytest.raises(TypeError):
            bad_call(cls)
    with pytest.raises(TypeError):
        cls(*short, unknown=1)


def test_a_default_factory_is_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:  # (a mutable default: a factory dataclass calls per instance)
        items: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="plain fields"):
        direct_init(Listed)


def test_a_class_without_slots_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        name: str

    with pytest.raises(TypeError, match="slotted"):
        direct_init(Plain)
