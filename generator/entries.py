"""A fact file cut into its top-level entries, so that reading a commit that edits one
entry reads that entry again, not the whole file.

The history reads every version of every fact file; most commits change one entry of
a file of dozens. Each piece is one item of a top-level list (or one top-level key that
holds no list), preceded by its key's line, and read by the same safe loader as a whole
file. Cutting happens only where a line itself says it is the start of an entry: a key
at the first column, or `- ` at the indentation of the list's first item. A file laid
out any other way (flow style across keys, document markers, tabs, a line less indented
than its list's items), and any piece that does not read alone, falls back to reading
the file whole. Every byte of the file is in some piece, so whatever the loader refuses
anywhere in the file (an invisible character in a comment, bytes that are not UTF-8) it
refuses in a piece: the entries found are always those of the whole file.
"""

from __future__ import annotations

import functools
import re

_KEY = re.compile(rb"([a-z_]+):[ ]*(?:#[^\n]*)?")  # a top-level key that opens a block
# Patterns start with a line break, so that the engine can skip to each one quickly;
# the text they search starts with one too.
# A line at the first column that is not a comment or a list item ("- ", or a lone "-").
_TOP = re.compile(rb"\n(?!-[ \n]|-\Z)[^ \n#][^\n]*")
_CONTENT = re.compile(rb"\n( *)[^ \n#]")  # a line that is not blank or a comment
BOM = b"\xef\xbb\xbf"
# More pieces than any real file has: past this, reading the pieces one by one would cost
# more than reading the file whole (each read has its fixed cost), so a file of thousands
# of tiny entries is read whole, as load.py's limits allow.
MAX_PIECES = 500


def cut(raw: bytes) -> list[bytes] | None:
    """The file's entries as texts that each read alone; None when it cannot be cut safely."""
    text = b"\n" + raw.removeprefix(BOM)
    if b"\r" in text:
        text = text.replace(b"\r\n", b"\n")
    if b"\t" in text or b"\r" in text:
        return None  # reading the file whole says what is wrong
    keys = list(_TOP.finditer(text))
    first = _CONTENT.search(text)
    if not keys or first is None or first.start() != keys[0].start():
        return None
    pieces: list[bytes] = []
    names: set[bytes] = set()
    for n, line in enumerate(keys):
        found = _KEY.fullmatch(line.group(0)[1:])
        if found is None or found.group(1) in names:
            return None
        names.add(found.group(1))
        end = keys[n + 1].start() if n + 1 < len(keys) else len(text)
        starts = _starts(text, line.end(), end)
        if starts is None:
            return None
        head = text[1 : line.end()] if n == 0 else line.group(0)[1:]  # comments above too
        for start, stop in zip(starts, [*starts[1:], end], strict=True):
            pieces.append(head + text[start:stop] + b"\n")
            head = line.group(0)[1:]
        if len(pieces) > MAX_PIECES:
            return None
    return pieces or None


def _starts(text: bytes, begin: int, end: int) -> list[int] | None:
    """Where each piece of a key's block starts: at each item of its list (the first
    piece also holding the comments above it), or at the block for a mapping."""
    first = _CONTENT.search(text, begin, end)
    if first is None:
        return [begin]
    indent = len(first.group(1))
    if not _item(text, first.start() + 1 + indent):
        return [begin]
    starts = [line.start() for line in _items(indent).finditer(text, begin, end)]
    # A line as shallow as the items that starts none: at the first column it would
    # have been a key, and this block would have ended there.
    if indent and len(starts) != len(_shallow(indent).findall(text, begin, end)):
        return None
    starts[0] = begin
    return starts


def _item(text: bytes, at: int) -> bool:
    """Whether a list item starts at `at`: "- " or a lone "-"."""
    return text.startswith((b"- ", b"-\n"), at) or (len(text) == at + 1 and text[at:] == b"-")


@functools.cache
def _shallow(indent: int) -> re.Pattern[bytes]:
    """Lines indented no deeper than a list's items, that are not blank or comments."""
    return re.compile(rb"\n {0,%d}(?=[^ \n#])" % indent)


@functools.cache
def _items(indent: int) -> re.Pattern[bytes]:
    """Lines that start a list item at this indentation (a subset of `_shallow`'s)."""
    return re.compile(rb"\n {%d}(?=- |-\n|-\Z)" % indent)
