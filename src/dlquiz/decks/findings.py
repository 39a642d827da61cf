"""Problems found in a deck's data, and placing them at a line and column.

Checks report a :class:`Finding`: a path into the data ("facts", 3, "value")
and a message.  :func:`to_problems` turns findings into user-facing
:class:`~dlquiz.core.problems.Problem` objects by walking the YAML node tree
along each path to the node's start mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from dlquiz.core.problems import Problem

DataPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``path`` in the deck's data.

    ``at_key`` points at the last path element's key rather than its value:
    right for an unknown field, where the key itself is the mistake.
    """

    path: DataPath
    message: str
    at_key: bool = False


def format_path(path: DataPath) -> str:
    """Write a data path as the user reads it: ``facts[3].value``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def to_problems(findings: Iterable[Finding], *, root: yaml.Node, source: str) -> list[Problem]:
    """Place each finding in the file; duplicates are reported once."""
    problems: list[Problem] = []
    seen: set[tuple[DataPath, str]] = set()
    for finding in findings:
        if (finding.path, finding.message) in seen:
            continue
        seen.add((finding.path, finding.message))
        mark = locate(root, finding.path, at_key=finding.at_key)
        problems.append(
            Problem(
                file=source,
                line=mark.line + 1,
                column=mark.column + 1,
                path=format_path(finding.path),
                message=finding.message,
            )
        )
    problems.sort(key=lambda problem: (problem.line, problem.column))
    return problems


def locate(root: yaml.Node, path: DataPath, *, at_key: bool = False) -> yaml.Mark:
    """Return the start mark of the node at ``path``, or of the deepest node found.

    Keys are matched by their text, last one first, because YAML loaders
    keep the last of duplicate keys.
    """
    node = root
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            pair = _find_pair(node, part)
            if pair is None:
                break
            key_node, value_node = pair
            if last and at_key:
                return key_node.start_mark
            node = value_node
        else:
            break
    return node.start_mark


def _find_pair(node: yaml.MappingNode, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    wanted = str(key)
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == wanted:
            return key_node, value_node
    return None
