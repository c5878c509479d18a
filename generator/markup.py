"""The small inline language of contributors' prose, and escaping of everything else.

Prose may reference the data: {fact:ID}, {fact:ID:SOURCE}, {term:ID}, {term:ID|words},
{date:2023-01} and {cite:SOURCE:PARAGRAPH}. Every other character is contributor
text and is escaped, so no input can produce HTML, links or Markdown structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

REFERENCE = re.compile(r"\{(fact|term|date|cite):([^{}|\s]+)(?:\|([^{}]+))?\}")
KINDS = ("fact", "term", "date", "cite")


@dataclass(frozen=True)
class Reference:
    kind: str
    args: tuple[str, ...]
    words: str | None = None


def parse(text: str) -> list[str | Reference]:
    """Split prose into literal text and references; raise ValueError on a stray brace."""
    parts: list[str | Reference] = []
    position = 0
    for match in REFERENCE.finditer(text):
        parts.append(text[position : match.start()])
        kind, args, words = match.groups()
        parts.append(Reference(kind, tuple(args.split(":")), words.strip() if words else None))
        position = match.end()
    parts.append(text[position:])
    for part in parts:
        if isinstance(part, str) and ("{" in part or "}" in part):
            snippet = part[max(0, part.find("{" if "{" in part else "}") - 10) :][:30]
            raise ValueError(
                f"unexpected brace near {snippet!r}: references look like {{fact:ID}}, "
                "{term:ID}, {term:ID|words}, {date:2023-01} or {cite:a:5}"
            )
    return [part for part in parts if part != ""]


# Python-Markdown with pymdownx.escapeall treats any backslash-escaped character as
# literal; HTML's own three characters become entities.
_INERT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    | {char: "\\" + char for char in "\\`*_{}[]()#+-.!|~^=:"}
)


def escape(text: str) -> Markup:
    """Make contributor text inert in Markdown: shown exactly as written, never as markup."""
    return Markup(text.translate(_INERT))  # noqa: S704 - every active character is made inert


def tooltip(text: str) -> Markup:
    """Text for a link's `title`, which Material's tooltips insert into the page as HTML.

    The browser decodes the attribute once and the tooltip parses the result as HTML
    again, so HTML's own characters are escaped twice: after both decodings they are
    text, never markup. Quotes are escaped once, so that they cannot end the title in
    Markdown's link syntax. Python-Markdown keeps entities in link titles as written.
    """
    return Markup(text.translate(_TOOLTIP))  # noqa: S704 - escaped twice, see above


_TOOLTIP = str.maketrans(
    {"&": "&amp;amp;", "<": "&amp;lt;", ">": "&amp;gt;", '"': "&quot;", "'": "&#39;"}
)


def inline(text: str) -> str:
    """Collapse whitespace, for table cells and one-line contexts."""
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """Split prose on blank lines into paragraphs of single-spaced text."""
    return [inline(block) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
