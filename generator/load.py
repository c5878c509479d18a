"""Read the YAML fact files into plain data, keeping the line and column of every node.

Files come from contributors, some of them strangers, so this stage refuses what
could hurt or mislead before anything else looks at the data: oversized files,
anchors and aliases (the "billion laughs"), object-constructing tags, duplicate
keys, tabs, bytes that are not UTF-8, and invisible or bidirectional control
characters that would make text display differently from what a reviewer reads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import InputError, Problem
from .problems import Path as DataPath

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000

# ZWNJ and ZWJ shape Arabic script legitimately; every other format or control
# character is invisible and can reorder or hide text.
ALLOWED_INVISIBLE = {"\u200c", "\u200d", "\n"}
INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e"
    r"\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)

try:  # libyaml is several times faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]


class FactsLoader(BaseLoader):
    """Safe loader that keeps dates as text, so the model parses their precision."""


FactsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass(frozen=True)
class Document:
    """One file's data and where each of its nodes was written."""

    file: str
    data: dict[str, Any]
    positions: dict[DataPath, tuple[int, int]] = field(repr=False)

    def position(self, path: DataPath) -> tuple[int, int]:
        """Line and column of the deepest written node on `path` (missing keys: their parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)


def load_facts(folder: Path) -> list[Document]:
    """Load every .yml/.yaml file under `folder`, in a stable order; all problems at once."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    if not files:
        raise InputError([Problem(str(folder), 1, 1, "", "no .yml files found here")])
    documents, problems = [], []
    for path in files:
        try:
            documents.append(parse_document(path.read_bytes(), path.as_posix()))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return documents


def parse_document(raw: bytes, file: str) -> Document:
    """Turn one file's bytes into data and positions, or raise InputError saying why not."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            [
                _at(
                    file,
                    1,
                    1,
                    f"the file is {len(raw) // 1024} KiB; the limit is "
                    f"{MAX_BYTES // 1024} KiB: split it into several files",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - raw.rfind(b"\n", 0, error.start)
        raise InputError(
            [_at(file, line, col, "the file is not UTF-8 text: save it as UTF-8 (any editor can)")]
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    problems = list(_character_problems(text, file))
    if problems:
        raise InputError(problems)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError([_at(file, 1, 1, "the file is empty: add entries or delete the file")])

    loader = FactsLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError([_at(file, 1, 1, "the file is empty: add entries or delete the file")])
        positions: dict[DataPath, tuple[int, int]] = {}
        _check_nodes(node, (), positions, file, set())
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or str(error)
        raise InputError(
            [
                _at(
                    file,
                    line,
                    col,
                    f"YAML syntax error: {reason}; check the indentation and quotes here",
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise InputError([_at(file, 1, 1, f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(
            [
                _at(
                    file,
                    1,
                    1,
                    "the file must be a mapping of keys such as "
                    "'facts:' or 'terms:' to lists of entries",
                )
            ]
        )
    return Document(file, data, positions)


def _check_nodes(
    node: yaml.Node,
    path: DataPath,
    positions: dict[DataPath, tuple[int, int]],
    file: str,
    seen: set[int],
) -> None:
    if id(node) in seen:
        raise _node_error(
            file,
            node,
            "anchors and aliases (&name / *name) are not allowed: write the value out in full",
        )
    seen.add(id(node))
    if len(path) > MAX_DEPTH or len(seen) > MAX_NODES:
        raise _node_error(file, node, "the data is nested too deeply or is too large")
    positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if node.tag.startswith("!") or (node.tag.startswith("tag:yaml.org,2002:python")):
        raise _node_error(file, node, f"YAML tags such as {node.tag!r} are not allowed")
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise _node_error(file, key_node, "keys must be plain words such as 'id' or 'ar'")
            key = key_node.value
            if key in keys:
                raise _node_error(
                    file, key_node, f"the key {key!r} appears twice in this mapping: keep one"
                )
            keys.add(key)
            positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _check_nodes(value_node, (*path, key), positions, file, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_nodes(item, (*path, index), positions, file, seen)


def _character_problems(text: str, file: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            problems.append(
                _at(
                    file,
                    number,
                    line.index("\t") + 1,
                    "tab character: YAML needs spaces for indentation; replace the tab with spaces",
                )
            )
        for match in INVISIBLE.finditer(line):
            char = match.group()
            name = unicodedata.name(char, "control character")
            problems.append(
                _at(
                    file,
                    number,
                    match.start() + 1,
                    f"invisible character U+{ord(char):04X} {name}: it can hide or "
                    "reorder text; delete it (the site adds direction marks itself)",
                )
            )
    return problems


def _node_error(file: str, node: yaml.Node, message: str) -> InputError:
    return InputError([_at(file, node.start_mark.line + 1, node.start_mark.column + 1, message)])


def _at(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(file, line, col, "", message)
