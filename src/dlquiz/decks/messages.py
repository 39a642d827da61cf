"""Friendly wording for JSON Schema errors.

``jsonschema`` says "'eighty' is not of type 'number'"; a deck author should
read "expected a number, got \"eighty\"".  Each schema keyword the deck
schema uses has its own sentence here; anything else keeps the library's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from dlquiz.decks.findings import DataPath, Finding

# jsonschema ships no type hints; its errors are handled by attribute name.
ValidationError = Any

_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "nothing",
}
_PATTERN_WORDS = {
    "^[a-z0-9-]+$": "a deck id may use only lowercase letters, digits and '-'",
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": (
        "an id starts with a letter or digit and may use only letters, digits, '.', '_' and '-'"
    ),
}
_NUMBERISH = re.compile(r"[-+]?[\d.,_ ]*\d[\d.,_ ]*(?:[eE][-+]?\d+)?\s*%?")
_QUOTE_LIMIT = 40
QUOTE = "'"


def describe_errors(errors: Iterable[ValidationError]) -> Iterator[Finding]:
    """Turn ``jsonschema`` errors into findings with friendly messages."""
    for error in errors:
        yield from _describe(error)


def _describe(error: ValidationError) -> Iterator[Finding]:
    path: DataPath = tuple(error.absolute_path)
    keyword = error.validator
    expected = error.validator_value
    instance = error.instance
    if keyword == "type":
        yield Finding(path, _type_message(expected, instance))
    elif keyword == "required":
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                yield Finding(path, f"missing required field '{name}'")
    elif keyword == "additionalProperties" and expected is False:
        yield from _unknown_fields(path, instance, error.schema.get("properties", {}))
    elif keyword == "enum":
        yield Finding(path, _enum_message(instance, expected))
    elif keyword == "const" and path == ("format",):
        yield Finding(
            path, f"unsupported deck format {show(instance)}; this version of dlquiz reads format 1"
        )
    elif keyword == "anyOf":
        yield from _any_of(error, path)
    else:
        yield Finding(path, _simple_message(keyword, expected, instance, error.message))


def _simple_message(keyword: object, expected: Any, instance: Any, fallback: str) -> str:
    size = len(instance) if isinstance(instance, str | list | dict) else 0
    if keyword == "const":
        return f"must be {show(expected)}, got {show(instance)}"
    if keyword == "pattern":
        rule = _PATTERN_WORDS.get(expected, f"it must match {expected}")
        return f"{show(instance)} is not a valid id: {rule}"
    if keyword in ("minLength", "minItems", "minProperties") and size == 0:
        return "must not be empty"
    if keyword == "maxLength":
        return f"is too long ({size:,} characters; the limit is {expected:,})"
    if keyword == "minItems":
        return f"needs at least {expected} items, got {size}"
    if keyword == "maxItems":
        return f"needs at most {expected} items, got {size}"
    if keyword == "minProperties":
        return f"needs at least {expected} entries, got {size}"
    if keyword == "minimum":
        return f"must be at least {expected}, got {show(instance)}"
    if keyword == "maximum":
        return f"must be at most {expected}, got {show(instance)}"
    return fallback


def _type_message(expected: str | list[str], instance: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_WORDS.get(name, name) for name in names)
    message = f"expected {wanted}, got {show(instance)}"
    return message + _type_hint(names, instance)


def _type_hint(names: list[str], instance: Any) -> str:
    """Explain the YAML habits that most often give the wrong type."""
    wants_number = "number" in names or "integer" in names
    if wants_number and isinstance(instance, str) and _NUMBERISH.fullmatch(instance.strip()):
        return " (write a plain number such as 1200000 or 85, without commas or '%')"
    if wants_number and isinstance(instance, float) and "integer" in names:
        return " (a year is a whole number)"
    if "string" in names and isinstance(instance, bool):
        return " (YAML reads yes/no/on/off/true/false as true or false; put the text in quotes)"
    if "string" in names and isinstance(instance, int | float | dt.date):
        return " (put it in quotes to make it text)"
    return ""


def _enum_message(instance: Any, allowed: list[Any]) -> str:
    choices = ", ".join(str(value) for value in allowed)
    message = f"{show(instance, quote=QUOTE)} is not one of {choices}"
    if isinstance(instance, str):
        close = difflib.get_close_matches(instance, [str(value) for value in allowed], n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
    return message


def _unknown_fields(path: DataPath, instance: Any, known: dict[str, Any]) -> Iterator[Finding]:
    if not isinstance(instance, dict):
        return
    for key in instance:
        if key in known:
            continue
        message = f"unknown field {show(key, quote=QUOTE)}"
        close = difflib.get_close_matches(str(key), list(known), n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        yield Finding((*path, key), message, at_key=True)


def _any_of(error: ValidationError, path: DataPath) -> Iterator[Finding]:
    """Report the alternative whose type fits the value, or say which types would do."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.schema_path[0]), []).append(sub)
    wrong_types: list[str] = []
    for index in range(len(error.validator_value)):
        subs = branches.get(index, [])
        type_errors = [sub for sub in subs if sub.validator == "type" and not sub.relative_path]
        if not type_errors:
            for sub in subs:
                yield from _describe(sub)
            return
        expected = type_errors[0].validator_value
        wrong_types.extend([expected] if isinstance(expected, str) else expected)
    words = " or ".join(dict.fromkeys(_TYPE_WORDS.get(name, name) for name in wrong_types))
    yield Finding(path, f"expected {words}, got {show(error.instance)}")


def show(value: Any, *, quote: str = '"') -> str:
    """Describe a value for a message: quoted text, a number, or its sort."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, str):
        shown = value if len(value) <= _QUOTE_LIMIT else value[: _QUOTE_LIMIT - 1] + "…"
        return f"{quote}{shown}{quote}"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
