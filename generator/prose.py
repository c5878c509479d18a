"""The small inline language of contributors' prose: references to the data, paragraphs.

Prose may reference the data: {fact:ID}, {fact:ID:SOURCE}, {term:ID}, {term:ID|words},
{date:2023-01} and {cite:SOURCE:PARAGRAPH}. Every other character is contributor text,
which rendering escapes (render/escape.py), so no input can produce HTML, links or
Markdown structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REFERENCE = re.compile(r"\{(fact|term|date|cite):([^{}|\s]+)(?:\|([^{}]+))?\}")
KINDS = ("fact", "term", "date", "cite")


@dataclass(frozen=True)
class Reference:
    kind: str
    args: tuple[str, ...]
    words: str | None = None


def parse(text: str) -> list[str | Reference]:
    """Split prose into literal text and references; raise ValueError on a stray brace."""
    if "{" not in text and "}" not in text:  # most texts: nothing to find, nothing stray
        return [text] if text else []
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


def inline(text: str) -> str:
    """Collapse whitespace, for table cells and one-line contexts."""
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """Split prose on blank lines into paragraphs of single-spaced text."""
    return [inline(block) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
