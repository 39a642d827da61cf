"""The section label shown above a question, without the parts that answer it.

A chapter heading such as "ResNet and Superhuman Performance (2015)" answers
"In which year did ResNet appear?" and settles "True or false: ResNet was
introduced in 2016".  Before the answer, a label is therefore shown without
each of its parts (a bracketed aside, or one side of an "and" or a colon)
that holds an answer term of the question or of its facts.  After the
answer the full heading may be shown again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dlquiz.core.generate.formatting import format_value
from dlquiz.core.grading.normalize import normalize_text
from dlquiz.core.model import Fact, FactKind, Question
from dlquiz.core.siblings import answer_terms

_ASIDE = re.compile(r"\s*\([^()]*\)")
_JOINERS = re.compile(r"\s+(?:and|&)\s+|\s*:\s+|\s+[-–—]\s+")


def fact_terms(fact: Fact) -> tuple[str, ...]:
    """Every text that states the fact's value: the value as it reads, the bare year, aliases."""
    texts = [format_value(fact)]
    if fact.kind is FactKind.YEAR and fact.number is not None:
        texts.append(str(round(fact.number)))
    if fact.kind is FactKind.LIST:
        texts += [member.text for member in fact.members]
    else:
        texts += [fact.text, *fact.aliases]
    terms = (normalize_text(text) for text in texts if text)
    return tuple(dict.fromkeys(term for term in terms if term))


def _holds_any(part: str, terms: Iterable[str]) -> bool:
    padded = f" {normalize_text(part)} "
    # normalize_text joins "Hinton's" into "hintons": a possessive names the answer too.
    return any(f" {term} " in padded or f" {term}s " in padded for term in terms)


def safe_label(label: str, terms: Iterable[str]) -> str:
    """``label`` without every part that contains one of ``terms`` (normalised texts).

    Returns "" when every part of the heading proper gives something away.
    """
    wanted = [term for term in terms if term]
    if not label or not _holds_any(label, wanted):
        return label
    asides = [aside.strip() for aside in _ASIDE.findall(label)]
    body = _ASIDE.sub("", label).strip()
    parts = [part for part in _JOINERS.split(body) if part.strip()]
    kept = [part for part in parts if not _holds_any(part, wanted)]
    if not kept:
        return ""  # an aside alone, "(2014)", is no heading
    kept_asides = [aside for aside in asides if not _holds_any(aside, wanted)]
    text = " and ".join(kept)
    return " ".join(filter(None, [text, *kept_asides])).strip()


def section_label(question: Question, facts: Mapping[str, Fact] | None = None) -> str:
    """The question's section as it may be shown before the answer.

    Args:
        question: the question about to be shown.
        facts: the facts of its deck by id, when it has any: a true/false
            question's answer is its fact's value, not "True".
    """
    terms = list(answer_terms(question))
    for fact_id in question.fact_ids:
        fact = (facts or {}).get(fact_id)
        if fact is not None:
            terms += fact_terms(fact)
    return safe_label(question.topic, terms)
