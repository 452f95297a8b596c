"""Front matter as text: the ``---`` fenced YAML block, its data and the line of every key.

This is the only place that reads YAML out of a page. It knows nothing of what the keys
mean: :mod:`..model.page` turns the data into the typed page model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

FRONT_MATTER_FENCE = "---"


@dataclass(frozen=True)
class SplitSource:
    """A page split into its front-matter YAML and its body."""

    yaml_text: str | None
    yaml_first_line: int  # 1-based line of the first YAML line in the original file
    leading_blank_lines: int


def split_front_matter(text: str) -> SplitSource:
    """Find the ``---`` fenced YAML block at the top of *text* (blank lines allowed before)."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].rstrip() != FRONT_MATTER_FENCE:
        return SplitSource(None, 0, 0)
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in (FRONT_MATTER_FENCE, "..."):
            return SplitSource("\n".join(lines[start + 1 : end]), start + 2, start)
    return SplitSource(None, 0, 0)


def move_leading_blank_lines(text: str) -> str:
    """Move blank lines above the opening ``---`` to below the closing one.

    MyST only sees front matter on the first line; moving (not deleting) the blank
    lines keeps every body line number as the writer sees it in the file.
    """
    split = split_front_matter(text)
    if split.yaml_text is None or split.leading_blank_lines == 0:
        return text
    lines = text.splitlines(keepends=True)
    n = split.leading_blank_lines
    closing = split.yaml_first_line - 1 + len(split.yaml_text.splitlines())
    if not split.yaml_text:
        closing = split.yaml_first_line - 1
    head, rest = lines[n : closing + 1], lines[closing + 1 :]
    return "".join(head) + "\n" * n + "".join(rest)


@dataclass(frozen=True)
class KeyLines:
    """Where each key, list entry and text value of a front matter is in its file."""

    keys: dict[tuple[Any, ...], int] = field(default_factory=dict)
    texts: dict[tuple[Any, ...], int] = field(default_factory=dict)


#: libyaml's C loader when PyYAML has it (about ten times faster), else the pure one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(yaml_text: str, first_line: int) -> tuple[Any, KeyLines]:
    """Parse *yaml_text* once: its data, and the file line of every key path in it."""
    loader = YAML_LOADER(yaml_text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return data, key_lines(root, first_line)


def key_lines(root: yaml.Node | None, first_line: int) -> KeyLines:
    """Map every key path (``("items", 0, "title")``) of a composed YAML node to its line.

    A mapping key's line is the key's; a list entry's is where the entry starts. Text
    values that start on another line (``description: >-`` and the text below) are
    also in :attr:`KeyLines.texts`.
    """
    found = KeyLines()

    def visit(node: yaml.Node, path: tuple[Any, ...], line: int) -> None:
        if path:
            found.keys[path] = line
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                visit(value_node, (*path, key_node.value), first_line + key_node.start_mark.line)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                visit(item, (*path, index), first_line + item.start_mark.line)
        elif isinstance(node, yaml.ScalarNode) and path:
            block = node.style in ("|", ">")
            text = first_line + node.start_mark.line + int(block)
            if text != line:
                found.texts[path] = text

    if isinstance(root, yaml.MappingNode):
        visit(root, (), first_line)
    return found
