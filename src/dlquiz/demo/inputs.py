"""Checking what a learner types into the demo controls; no torch needed.

Bad input gives an :class:`~dlquiz.core.problems.InputError` that says which
character is wrong and why, never a traceback.
"""

from __future__ import annotations

from dlquiz.core.problems import InputError, Problem

MIN_DIGITS, MAX_DIGITS = 3, 16
MIN_SEQUENCE, MAX_SEQUENCE = 1, 16384
DIGITS_FIELD = "attention input"
LENGTHS_FIELD = "sequence lengths"


def _separator(char: str) -> bool:
    return char.isspace() or char == ","


def parse_digits(text: str) -> list[int]:
    """The digits a learner typed, e.g. ``"3141 5926"`` -> ``[3, 1, 4, 1, 5, 9, 2, 6]``.

    Spaces and commas are ignored.

    Raises:
        InputError: a character is not a digit, or there are not 3 to 16 digits.
    """
    digits: list[int] = []
    for column, char in enumerate(text, start=1):
        if _separator(char):
            continue
        if not "0" <= char <= "9":
            message = f"{char!r} is not a digit: type digits 0-9 only"
            raise InputError([Problem(DIGITS_FIELD, message, line=1, column=column)])
        digits.append(int(char))
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        message = f"type {MIN_DIGITS} to {MAX_DIGITS} digits (got {len(digits)})"
        raise InputError([Problem(DIGITS_FIELD, message, line=1, column=len(text) + 1)])
    return digits


def parse_lengths(text: str) -> list[int]:
    """Sequence lengths separated by commas or spaces, e.g. ``"64, 256, 1024"``.

    Raises:
        InputError: a part is not a whole number, is outside 1 to 16384, or nothing was typed.
    """
    lengths: list[int] = []
    column = 1
    for part in text.replace(",", " ").split(" "):
        if part:
            if not part.isdigit():
                message = f"{part!r} is not a whole number"
                raise InputError([Problem(LENGTHS_FIELD, message, line=1, column=column)])
            value = int(part)
            if not MIN_SEQUENCE <= value <= MAX_SEQUENCE:
                message = f"{value} is outside {MIN_SEQUENCE} to {MAX_SEQUENCE}"
                raise InputError([Problem(LENGTHS_FIELD, message, line=1, column=column)])
            lengths.append(value)
        column += len(part) + 1
    if not lengths:
        message = "type at least one length, e.g. 64, 256, 1024"
        raise InputError([Problem(LENGTHS_FIELD, message, line=1, column=1)])
    return sorted(set(lengths))
