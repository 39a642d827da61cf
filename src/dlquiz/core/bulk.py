"""Building many frozen model objects quickly: a large import makes hundreds of thousands.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
which made building a question cost about twice what setting its slots
directly costs.  :func:`maker` gives a function that fills the slots straight
away; the object it makes equals (and hashes like) the one the class's own
``__init__`` makes from the same arguments.  It is meant for the classes of
:mod:`dlquiz.core.model`: frozen, slotted, and with no ``__post_init__``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from dlquiz.core.model import Question

T = TypeVar("T")


def _checked_fields(cls: type[Any]) -> tuple[dataclasses.Field[Any], ...]:
    if not dataclasses.is_dataclass(cls) or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__ that a maker would skip")
    return dataclasses.fields(cls)


def _define(
    signature: str, made: str, body: list[str], namespace: dict[str, Any]
) -> Callable[..., Any]:
    """Compile ``def SIGNATURE:`` that makes ``made`` as a new ``_cls``, runs ``body``, returns it.

    The generated text holds only field names and indexes, never data.
    """
    source = f"def {signature}:\n    {made} = _new(_cls)\n" + "\n".join(body)
    source += f"\n    return {made}\n"
    exec(source, namespace)  # noqa: S102 - built from the class's own field names
    function: Callable[..., Any] = namespace[signature.partition("(")[0]]
    return function


def maker(cls: type[T]) -> Callable[..., T]:
    """A keyword-only constructor for ``cls`` that fills its slots directly.

    Fields not given take their declared defaults, as with ``cls(...)``.

    Raises:
        TypeError: ``cls`` is not a slotted dataclass without ``__post_init__``,
            or a field has a default factory (none of the model's do).
    """
    fields = _checked_fields(cls)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params, body = [], []
    for index, field in enumerate(fields):
        if field.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{field.name} has a default factory")
        if field.default is dataclasses.MISSING:
            params.append(field.name)
        else:
            namespace[f"_d{index}"] = field.default
            params.append(f"{field.name}=_d{index}")
        namespace[f"_s{index}"] = getattr(cls, field.name).__set__
        body.append(f"    _s{index}(obj, {field.name})")
    return _define(f"make(*, {', '.join(params)})", "obj", body, namespace)


def replacer(cls: type[T], *changed: str) -> Callable[..., T]:
    """A fast ``dataclasses.replace(obj, **changes)`` for the fields named in ``changed``.

    The function takes the object and those fields as keywords (all of them),
    and copies every other field as it is.

    Raises:
        TypeError: as :func:`maker`, or a name in ``changed`` is not a field.
    """
    fields = [field.name for field in _checked_fields(cls)]
    unknown = set(changed) - set(fields)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = []
    for index, name in enumerate(fields):
        namespace[f"_s{index}"] = getattr(cls, name).__set__
        value = name if name in changed else f"_g{index}(obj)"
        if name not in changed:
            namespace[f"_g{index}"] = getattr(cls, name).__get__
        body.append(f"    _s{index}(new, {value})")
    return _define(f"replace(obj, *, {', '.join(changed)})", "new", body, namespace)


# A question under another id and deck (an import stored under another name):
# dataclasses.replace took a tenth of a large package's reading.
move_question = replacer(Question, "id", "deck")
