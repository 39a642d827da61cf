"""Reading a true/false answer the way a teacher reads one.

Learners do not only type ``t`` or ``f``.  They write "False - it is
pre-training and fine-tuning", "wrong", "not true", "that's correct".  The
verdict is the answer's first word (after a lead-in such as "it's" or "I
think"), and whatever follows it is the learner's reason, which is not
graded.  A hedge ("true or false", "maybe true") is no verdict, and neither
is "no idea": a bare ``no`` or ``y`` counts only when it stands alone or
is closed off by punctuation.
"""

from __future__ import annotations

import re

# Words that state a verdict however the sentence goes on ("false because ...").
_STRONG = {
    "true": True,
    "correct": True,
    "right": True,
    "false": False,
    "incorrect": False,
    "wrong": False,
    "untrue": False,
    # Slips of the two words themselves, which no other word is.
    "ture": True,
    "treu": True,
    "tru": True,
    "flase": False,
    "fasle": False,
    "fales": False,
    "fals": False,
}
# Short words that count only alone or before a mark: "no idea" is not "false".
_WEAK = {
    "t": True,
    "y": True,
    "yes": True,
    "yep": True,
    "yeah": True,
    "yup": True,
    "f": False,
    "n": False,
    "no": False,
    "nope": False,
    "nah": False,
}
_LEAD_INS = re.compile(
    r"^(?:(?:i\s+think|i\s+believe|i\s+guess|i\s+would\s+say|i'd\s+say|answer|my\s+answer\s+is)"
    r"\s*[:,-]?\s+)?"
    r"(?:(?:it|that|this|the\s+statement|statement)(?:\s+is|'s|s)\s+)?"
    # A word that only says how sure the learner is: "probably false".  "Maybe"
    # and "perhaps" leave the verdict open and stay hedges.
    r"(?:(?:definitely|certainly|surely|absolutely|obviously|clearly|probably|likely)\s+)?",
)
_WORD = re.compile(r"[a-z']+")
_HEDGE = re.compile(r"^\s*(?:or|and|/|\\|\|)\s*(\w+)")
_LISTED = re.compile(r"^\s*,\s*(\w+)\s*$")  # "true, false": the other verdict after a comma
_CLOSING_MARK = re.compile(r"^\s*(?:$|[-\u2013\u2014,.;:!?()\[\]]|\.\.\.)")
# "yes it did", "no it wasn't": a short answer echoed with a pronoun and a verb
# is as plain as "yes." (a "yes" echo that denies, "yes it didn't", is none).
_AUXILIARIES = r"(?:is|was|are|were|did|does|do|has|had|have|can|could|will|would)"
_ECHO = re.compile(rf"^\s+(?:it|they|that|this|he|she)\s+{_AUXILIARIES}(?P<denied>n't|\s+not)?\b")


def read_true_false(answer: str) -> bool | None:
    """True or False as the answer states it, or None when it states neither.

    Args:
        answer: the learner's text, in any case, with or without a reason.

    Returns:
        The verdict the answer opens with, or None for a hedge, an unknown
        word or a short word that runs on into other words ("no idea").
    """
    text = answer.strip().casefold().replace("\u2019", "'")
    text = _LEAD_INS.sub("", text, count=1)
    negated = False
    first = _WORD.match(text)
    if first is not None and first.group() == "not":
        negated = True
        text = text[first.end() :].lstrip()
        first = _WORD.match(text)
    if first is None:
        return None
    word, rest = first.group(), text[first.end() :]
    if word in _STRONG:
        value = _STRONG[word]
    elif word in _WEAK and not negated and _plain_after(_WEAK[word], rest):
        value = _WEAK[word]
    else:
        return None
    hedge = _HEDGE.match(rest)
    if hedge is not None and (hedge.group(1) in _STRONG or hedge.group(1) in _WEAK):
        return None
    listed = _LISTED.match(rest)
    if listed is not None and {**_STRONG, **_WEAK}.get(listed.group(1), value) != value:
        return None
    return not value if negated else value


def _plain_after(value: bool, rest: str) -> bool:
    """Whether a short word is a verdict with ``rest`` after it: alone, before a
    mark, or echoed ("yes it did", "no it wasn't")."""
    if _CLOSING_MARK.match(rest):
        return True
    echo = _ECHO.match(rest)
    return echo is not None and (not value or echo.group("denied") is None)
