"""Safe YAML parsing that keeps the node tree, so problems can be placed.

Only the safe loaders are used (libyaml's ``CSafeLoader`` when present).  The
loader composes a node tree with start marks before it builds Python data;
we keep that tree instead of throwing it away, which costs nothing extra and
lets the slow path map error paths to lines without parsing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from dlquiz.core.problems import InputError, Problem

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A document whose aliases expand to more nodes than this (beyond its own
#: nodes) is refused: it is an "alias bomb", tiny on disk and huge in memory.
MAX_ALIAS_EXPANSION = 1_000_000


@dataclass(frozen=True, slots=True)
class ParsedYaml:
    """The data of a YAML document and the node tree it was built from."""

    data: Any
    root: yaml.Node


def parse_yaml(text: str, *, source: str) -> ParsedYaml:
    """Parse one YAML document safely.

    Raises:
        InputError: a syntax error (with its line and column), an empty file,
            several documents, or aliases that expand beyond a sane size.
    """
    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError([Problem(file=source, message="the file is empty")])
        if "&" in text:  # without an anchor there can be no alias
            _check_aliases(root, source=source)
        _check_duplicate_keys(root, source=source)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        raise InputError([_syntax_problem(error, source=source)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(file=source, message=f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise InputError(
            [Problem(file=source, message="the YAML is nested too deeply to read")]
        ) from None
    finally:
        loader.dispose()
    return ParsedYaml(data=data, root=root)


def _syntax_problem(error: yaml.MarkedYAMLError, *, source: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    reason = error.problem or "invalid YAML"
    if error.context:
        reason = f"{reason} ({error.context}"
        if error.context_mark is not None and mark is not error.context_mark:
            reason += f" at line {error.context_mark.line + 1}"
        reason += ")"
    message = f"YAML syntax error: {reason}"
    if mark is None:
        return Problem(file=source, message=message)
    return Problem(file=source, line=mark.line + 1, column=mark.column + 1, message=message)


def _check_aliases(root: yaml.Node, *, source: str) -> None:
    """Refuse documents whose aliases expand too far or refer to themselves.

    An alias re-uses the very node object of its anchor, so the tree is a
    graph.  We count each node's expanded size once (memoised by identity),
    which takes time linear in the distinct nodes however big the expansion.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    # An explicit stack: YAML nesting is bounded by libyaml, but not by the pure-Python parser.
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_ALIAS_EXPANSION + len(sizes):
                raise _alias_error(node, "aliases expand to too many values", source=source)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _alias_error(node, "an alias refers to a value that contains it", source=source)
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _check_duplicate_keys(root: yaml.Node, *, source: str) -> None:
    """Refuse a mapping that names one key twice.

    PyYAML keeps the last value without a word, so a teacher who pastes a
    second ``answer:`` into a question loses the first one silently.  YAML
    itself says keys are unique, so this is an error, with both lines.
    """
    problems: list[Problem] = []
    seen_nodes: set[int] = set()  # aliases share nodes: visit each once
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            for key, _value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE_TAG:
                    continue
                identity = (key.tag, key.value)
                line = key.start_mark.line + 1
                if identity in first_line:
                    problems.append(
                        Problem(
                            file=source,
                            line=line,
                            column=key.start_mark.column + 1,
                            message=(
                                f"the key {key.value!r} appears twice in one mapping "
                                f"(first at line {first_line[identity]}); "
                                "remove one, or the first value would be lost"
                            ),
                        )
                    )
                else:
                    first_line[identity] = line
        stack.extend(_children(node))
    if problems:
        raise InputError(problems)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _alias_error(node: yaml.Node, message: str, *, source: str) -> InputError:
    mark = node.start_mark
    return InputError(
        [
            Problem(
                file=source,
                line=mark.line + 1,
                column=mark.column + 1,
                message=f"{message}; the deck is refused (an 'alias bomb'?)",
            )
        ]
    )
