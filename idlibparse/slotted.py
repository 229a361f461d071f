"""A cheaper constructor for frozen, slotted dataclasses built by the tens of thousands.

The ``__init__`` that ``dataclass(frozen=True)`` writes gets past the frozen guard with one
``object.__setattr__(self, name, value)`` per field, which looks the name up through the class
every time. :func:`direct_init` gives such a class an ``__init__`` with the same signature that
hands each value to its slot's own descriptor instead, at about two thirds of the cost. The
instances are the same: frozen, slotted, equal and hashed as before.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def direct_init(cls: type[_T]) -> type[_T]:
    """Replace the dataclass ``cls``'s ``__init__`` (see the module docstring). Only plain
    defaults are supported: a field with a default factory, or one left out of ``__init__``,
    is refused rather than handled differently from the generated code."""
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: direct_init takes a slotted dataclass")
    names: list[str] = []
    params: list[str] = []
    scope: dict[str, Any] = {}
    annotations: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if not f.init or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: direct_init takes plain fields and defaults only")
        names.append(f.name)
        annotations[f.name] = f.type
        scope[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # (the slot's member descriptor)
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names) or "    pass\n"
    source = f"def __init__({', '.join(['self', *params])}):\n{body}"
    made: dict[str, Any] = {}
    exec(source, scope, made)  # (the source is built from the field names alone)
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = annotations | {"return": None}
    setattr(cls, "__init__", init)  # noqa: B010 (a method replaced on the class)
    return cls
