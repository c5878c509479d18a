"""Read the YAML fact files into plain data, keeping the line and column of every node.

Files come from contributors, some of them strangers, so this stage refuses what
could hurt or mislead before anything else looks at the data: oversized files,
anchors and aliases (the "billion laughs"), object-constructing tags, duplicate
keys, tabs, bytes that are not UTF-8, and invisible or bidirectional control
characters that would make text display differently from what a reviewer reads.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import InputError, Problem
from .problems import Path as DataPath

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000

# ZWNJ and ZWJ shape Arabic script legitimately, and the two emoji variation
# selectors only choose how a symbol is drawn. Every other format, control, private
# or unassigned character is invisible or undefined, and can reorder or hide text.
ALLOWED_INVISIBLE = {"\u200c", "\u200d", "\ufe0e", "\ufe0f"}
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Letters and marks that draw nothing: fillers, joiners and variation selectors.
BLANK_CHARACTERS = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0"}
BLANK_RANGES = ((0xFE00, 0xFE0D), (0xE0100, 0xE01EF))

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
    """One file's data, and its text, where each of its nodes was written."""

    file: str
    data: dict[str, Any]
    text: str = field(default="", repr=False)

    @functools.cached_property
    def positions(self) -> dict[DataPath, tuple[int, int]]:
        """The line and column of every node, by its path. Asked only to report a
        problem, so found then, by reading the text again: loading stays lean."""
        found: dict[DataPath, tuple[int, int]] = {}
        _compose(self.text, self.file, found)
        return found

    def position(self, path: DataPath) -> tuple[int, int]:
        """Line and column of the deepest written node on `path` (missing keys: their parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def position_of(self, path: DataPath, fragment: str) -> tuple[int, int]:
        """Line and column of `fragment` as written inside the text at `path`, where it can
        be found there (a text spread over lines is found line by line); else the text's own.

        Only asked when reporting a problem, so the file is parsed again then, not kept.
        """
        line, col = self.position(path)
        node = yaml.compose(self.text, Loader=FactsLoader) if self.text and fragment else None
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if part < len(node.value) else None
            else:
                node = None
        if not isinstance(node, yaml.ScalarNode):
            return line, col
        start = self.text.find(fragment, node.start_mark.index, node.end_mark.index)
        if start < 0:
            return line, col
        before = self.text[:start]
        return before.count("\n") + 1, start - before.rfind("\n")


def load_facts(folder: Path) -> list[Document]:
    """Load every .yml/.yaml file under `folder`, in a stable order; all problems at once."""
    return parse_documents(read_facts(folder), parse_document)


def read_facts(folder: Path) -> list[tuple[str, bytes]]:
    """The name and bytes (at most one more than the limit) of every fact file, in order."""
    files = [path for path in files_under(folder, "the facts") if path.suffix in (".yml", ".yaml")]
    if not files:
        raise InputError([Problem(str(folder), 1, 1, "", "no .yml files found here")])
    return [(path.as_posix(), _read(path)) for path in files]


def parse_documents(
    files: list[tuple[str, bytes]], parse: Callable[[bytes, str], Document]
) -> list[Document]:
    """Each file parsed by `parse` (parse_document, or a cache in front of it); every
    problem of every file at once."""
    documents, problems = [], []
    for file, raw in files:
        try:
            documents.append(parse(raw, file))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return documents


def files_under(folder: Path, what: str) -> list[Path]:
    """Every file under `folder`, in a stable order; symbolic links are refused, all at once.

    A link, to a file or to a folder, could read or publish anything on the machine
    that builds the site (a link to /proc/self/environ would publish its environment).
    """
    links = [folder] if folder.is_symlink() else []
    files = []
    for here, folders, names in os.walk(folder):  # never follows a linked folder
        for name in [*folders, *names]:
            path = Path(here) / name
            if path.is_symlink():
                links.append(path)
            elif name in names:
                files.append(path)
    if links:
        raise InputError(
            [
                _at(
                    link.as_posix(),
                    1,
                    1,
                    f"symbolic links are not allowed in {what}: they can point at files "
                    "outside the repository; put the file or folder itself here",
                )
                for link in links
            ]
        )
    return sorted(files)


def read_assets(folder: Path) -> dict[str, bytes]:
    """The hand-made files under docs/ (stylesheets, fonts, images), by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in files_under(folder, "docs/")
    }


def _read(path: Path) -> bytes:
    """A file's bytes, at most one more than the limit, never through a link."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as stream:
        return stream.read(MAX_BYTES + 1)


def parse_document(raw: bytes, file: str) -> Document:
    """Turn one file's bytes into data and positions, or raise InputError saying why not."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            [
                _at(
                    file,
                    1,
                    1,
                    f"the file is larger than the limit of {MAX_BYTES // 1024} KiB: "
                    "split it into several files",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - raw.rfind(b"\n", 0, error.start)
        found = "UTF-16 text" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "not UTF-8 text"
        raise InputError(
            [_at(file, line, col, f"the file is {found}: save it as UTF-8 (any editor can)")]
        ) from None
    text = _normalized(text)
    problems = list(_character_problems(text, file))
    if problems:
        raise InputError(problems)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError([_at(file, 1, 1, "the file is empty: add entries or delete the file")])

    try:
        data = _compose(text, file)
    except yaml.YAMLError as error:
        raise _yaml_problem(file, error) from None
    except ValueError as error:  # Python refuses integers of more than 4300 digits.
        raise InputError([_at(file, 1, 1, f"a value cannot be read: {error}")]) from None
    if data is _NO_DOCUMENT:
        raise InputError([_at(file, 1, 1, "the file is empty: add entries or delete the file")])
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
    return Document(file, data, text)


def parsed_before(raw: bytes, file: str) -> Document:
    """The Document of bytes that parse_document read without a problem before, for a
    caller that kept the models made of them: its text (where problems are found), not
    its data, which nothing reads again. Only for the checks (build.check): the paths
    that read a Document's data (making models, locating a model's problem, provenance)
    are given parse_document's."""
    return Document(file, {}, _normalized(raw.decode("utf-8")))


def _normalized(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


_NO_DOCUMENT = object()
_STR = "tag:yaml.org,2002:str"


def _compose(text: str, file: str, positions: dict[DataPath, tuple[int, int]] | None = None) -> Any:
    """The file's data, in one pass over the parser's events; with `positions`, the
    line:col of each node too, by its path.

    Everything is refused here, as the events arrive and before anything deeper is
    built: anchors, aliases and tags, nesting deeper than MAX_DEPTH, more than MAX_NODES
    events, keys that are not text, duplicate keys and escaped invisible characters.
    libyaml's own composer recurses once per level of nesting and crashes the
    interpreter on a file of a hundred thousand '['; this loop never recurses.
    """
    loader = FactsLoader(text)
    where: tuple[int, int] = (0, 0)
    path: DataPath = ()
    # Each open collection: the container, its path, and (mappings) the key awaiting a value.
    stack: list[list[Any]] = []
    root: Any = _NO_DOCUMENT
    first_document: Any = None
    event: Any  # the stubs' marks may be None; libyaml's never are
    count = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            count += 1
            kind = type(event)
            depth = len(stack) + (kind in _STARTS)
            if depth > MAX_DEPTH or count > MAX_NODES:
                raise _node_error(
                    file,
                    event,
                    f"the data is nested more than {MAX_DEPTH} levels deep or has more "
                    f"than {MAX_NODES} values: no fact file needs that; split it up",
                )
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                stack.pop()
                continue
            if kind is yaml.DocumentStartEvent:
                if first_document is not None:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        first_document.start_mark,
                        "but found another document",
                        event.start_mark,
                    )
                first_document = event
                continue
            if kind is yaml.StreamEndEvent:
                break
            if kind not in _NODE_EVENTS:
                continue
            if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
                refusal = _event_refusal(event)
                if refusal:
                    raise _node_error(file, event, refusal)
            if positions is not None:
                mark = event.start_mark
                where = (mark.line + 1, mark.column + 1)
            if not stack:
                parent = None
            else:
                parent = stack[-1]
                if type(parent[0]) is list:
                    if positions is not None:
                        path = (*parent[1], len(parent[0]))
                elif parent[2] is None:  # the event is a key
                    key = _key(loader, event, file)
                    if key in parent[0]:
                        message = f"the key {key!r} appears twice in this mapping: keep one"
                        raise _node_error(file, event, message)
                    parent[2] = key
                    if positions is not None:
                        positions[(*parent[1], key)] = where
                    continue
                elif positions is not None:
                    path = (*parent[1], parent[2])
            value: Any
            if kind is yaml.ScalarEvent:
                value = _scalar(loader, event, file)
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if parent is None:
                root = value
            elif type(parent[0]) is list:
                parent[0].append(value)
            else:
                parent[0][parent[2]] = value
                parent[2] = None
            if positions is not None:
                positions.setdefault(path, where)
            if kind is not yaml.ScalarEvent:
                stack.append([value, path, None])
    finally:
        loader.dispose()
    return root


_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_NODE_EVENTS = (
    yaml.ScalarEvent,
    yaml.SequenceStartEvent,
    yaml.MappingStartEvent,
    yaml.AliasEvent,
)


def _tag(event: Any) -> str:
    """The tag a scalar resolves to: str, int, float, bool, null (no explicit tags get here).
    Keys and short words recur in every file, so what they resolve to is remembered."""
    if len(event.value) <= 64:
        return _resolve_short(event.value, event.implicit)
    return _resolve(event.value, event.implicit)


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    # The resolvers are the loader class's own: no loader's state is read.
    return str(FactsLoader.resolve(FactsLoader, yaml.ScalarNode, value, implicit))  # type: ignore[arg-type, no-untyped-call]


_resolve_short = functools.lru_cache(maxsize=4096)(_resolve)


def _key(loader: FactsLoader, event: Any, file: str) -> str:
    """A mapping key: text, written as a plain word or in quotes; nothing else. (A key
    that is no field of the model is refused by validation, which shows it escaped.)"""
    if not isinstance(event, yaml.ScalarEvent) or _tag(event) != _STR:
        raise _node_error(file, event, "keys must be plain words such as 'id' or 'ar'")
    return str(event.value)


def _scalar(loader: FactsLoader, event: Any, file: str) -> Any:
    """A scalar's value, constructed as PyYAML's safe loader constructs it."""
    # Only double-quoted scalars can spell a character as an escape (\u202e); every
    # other invisible character was already found in the raw text.
    if event.style == '"':
        hidden = sorted({char for char in event.value if _is_invisible(char)})
        if hidden:
            raise _node_error(file, event, _invisible_message(hidden[0], escaped=True))
    if event.style is not None and event.implicit[1]:
        return event.value  # quoted or block text: always a string
    tag = _tag(event)
    if tag == _STR:
        return event.value
    if tag in _NUMBER_TAGS:
        refusal = _number_refusal(event.value)
        if refusal:
            raise _node_error(file, event, refusal)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return loader.construct_object(node)


def _event_refusal(event: yaml.Event) -> str | None:
    """Why an event is refused: anchors, aliases and tags have no use in fact files."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "anchors and aliases (&name / *name) are not allowed: write the value out in full"
    tag = getattr(event, "tag", None)
    if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
        return (
            f"YAML tags such as {tag!r} are not allowed: they can construct objects; "
            "write a plain value (put it in quotes to make it text)"
        )
    return None


def _yaml_problem(file: str, error: yaml.YAMLError) -> InputError:
    """A parser's complaint in contributors' words, at its line and column."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = error.problem or str(error)
        if error.context:
            reason = f"{reason} ({error.context})"
        return InputError(
            [_at(file, line, col, f"YAML syntax error: {reason}; {_syntax_hint(reason)}")]
        )
    return InputError([_at(file, 1, 1, f"YAML error: {error}")])


def _syntax_hint(reason: str) -> str:
    if "mapping values are not allowed" in reason:
        return "a value that contains ': ' must be put in quotes"
    if "cannot start any token" in reason:
        return "a value starting with @, ` or % must be put in quotes"
    if "expected <document start>" in reason or "but found another document" in reason:
        return "a fact file holds one document: remove the '---' line or split the file"
    if "could not find expected ':'" in reason:
        return "each key needs a ':' after it; check the quotes on this line and the next"
    return "check the indentation and quotes here"


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# Numbers as people write them; .inf and .nan are left to the model, which says why not.
_PLAIN_NUMBER = re.compile(
    r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)"
)


def _number_refusal(written: str) -> str | None:
    """Why a number is refused: YAML 1.1 reads 010 as 8, 1:30 as 90, 0x1F as 31."""
    if not _PLAIN_NUMBER.fullmatch(written):
        read = ""
        if len(written) <= 40:  # long digit strings are refused, not converted
            value = yaml.load(f"n: {written}", Loader=FactsLoader)["n"]  # noqa: S506 - safe
            read = f" would be read as {value!r}"
        return (
            f"the number {written[:40]}{read}: write numbers plainly (digits, one point, "
            "an optional minus), or put the value in quotes if it is text"
        )
    if written.startswith("-") and float(written) == 0:
        return f"{written} is a negative zero: write 0"
    return None


def _character_problems(text: str, file: str) -> list[Problem]:
    problems: list[Problem] = []
    hidden = {char for char in set(text) if _is_invisible(char)}
    if not hidden and "\t" not in text:
        return problems
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
        for col, char in enumerate(line, start=1):
            if char in hidden:
                problems.append(_at(file, number, col, _invisible_message(char)))
    return problems


@functools.cache
def _is_invisible(char: str) -> bool:
    if char in ("\n", "\t") or " " <= char <= "~" or char in ALLOWED_INVISIBLE:
        return False
    code = ord(char)
    return (
        unicodedata.category(char) in INVISIBLE_CATEGORIES
        or char in BLANK_CHARACTERS
        or any(low <= code <= high for low, high in BLANK_RANGES)
    )


def _invisible_message(char: str, escaped: bool = False) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\r" and not escaped:
        return (
            f"carriage return ({code}) without a line feed: save the file with "
            "Unix (LF) or Windows (CRLF) line endings"
        )
    name = unicodedata.name(char, "") or {
        "Cc": "control character",
        "Co": "private-use character",
        "Cn": "unassigned character",
    }.get(unicodedata.category(char), "invisible character")
    written = ", written as an escape sequence in quotes," if escaped else ""
    return (
        f"invisible or control character {code} {name}{written} can hide or reorder "
        "text where reviewers cannot see it: delete it (the site adds direction marks itself)"
    )


def _node_error(file: str, node: yaml.Node | yaml.Event, message: str) -> InputError:
    mark = node.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return InputError([_at(file, line, col, message)])


def _at(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(file, line, col, "", message)
