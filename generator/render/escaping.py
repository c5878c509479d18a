"""Contributor text made inert for Markdown, with runs in the other direction isolated.

Everything a contributor writes reaches the page through `escape` (every character
Markdown or HTML could act on is escaped) or `isolate` (the same, plus <bdi> around
runs in the other direction). `tooltip` is for the one attribute a theme script turns
back into HTML.

Isolation: the Unicode bidi algorithm guesses the direction of neutral characters
from their neighbours, so a Latin name next to a number, a percentage or a currency
sign can jump or flip inside Arabic prose. Each run written in the other direction is
found in the text itself and wrapped in `<bdi dir="...">`, which isolates it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import markupsafe
from markupsafe import Markup

# Python-Markdown with pymdownx.escapeall treats any backslash-escaped character as
# literal; HTML's own three characters become entities.
_INERT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    | {char: "\\" + char for char in "\\`*_{}[]()#+-.!|~^=:"}
)


def escape(text: str) -> Markup:
    """Make contributor text inert in Markdown: shown exactly as written, never as markup."""
    return Markup(text.translate(_INERT))  # noqa: S704 - every active character is made inert


def markup(template: str, *parts: Markup | str) -> Markup:
    """`template` with each {} replaced by the next part, as Markup.format would: a part
    that is Markup already goes in as it is, any other is HTML-escaped. markupsafe's
    formatter does it in Python, ten times as slow; the pages call this a hundred
    thousand times."""
    return Markup(template.format(*map(_inert, parts)))  # noqa: S704 - a literal around inert parts


def joined(parts: Iterable[Markup | str], separator: Markup | None = None) -> Markup:
    """Parts one after another, as Markup.join would: Markup as it is, any other escaped.
    str.join, since Markup.join would escape each part again, copying every Markup."""
    return Markup(str.join(_inert(separator or ""), map(_inert, parts)))  # noqa: S704


def _inert(part: object) -> str:
    # Plain text (a link, an anchor, a value typed Any) is escaped, as markupsafe would;
    # only what is Markup at run time goes in as it is.
    return part if isinstance(part, Markup) else markupsafe.escape(part)


def tooltip(text: str) -> Markup:
    """Text for a link's `title`, which Material's tooltips insert into the page as HTML.

    The browser decodes the attribute once and the tooltip parses the result as HTML
    again, so HTML's own characters are escaped twice: after both decodings they are
    text, never markup. Quotes are escaped once, so that they cannot end the title in
    Markdown's link syntax, and so is the pipe, which would split a table cell.
    Python-Markdown keeps entities in link titles as written.
    """
    return Markup(text.translate(_TOOLTIP))  # noqa: S704 - escaped twice, see above


_TOOLTIP = str.maketrans(
    {
        "&": "&amp;amp;",
        "<": "&amp;lt;",
        ">": "&amp;gt;",
        '"': "&quot;",
        "'": "&#39;",
        "|": "&#124;",
    }
)

_LATIN = r"A-Za-z0-9\u00C0-\u024F"
# A run starts with a currency sign or a Latin letter or digit, may go on through
# joiners that sit between two Latin characters (13.75, GPT-4, AT&T, 1,000, Bret Taylor),
# and ends on a letter, a digit or a percent sign: trailing punctuation belongs to
# the surrounding sentence.
_JOINER = r"(?:[.,'’&/:+\-–]|\s+)"
LTR_RUN = re.compile(rf"(?:US\$|[$€£])?[{_LATIN}]+(?:{_JOINER}(?:[$€£])?[{_LATIN}]+)*%?")
RTL_RUN = re.compile(
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+"
    r"(?:[\s\u060C.\-]+[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+)*"
)


@functools.lru_cache(maxsize=1 << 16)  # labels, citations and UI words recur on every page
def isolate(text: str, lang: str) -> Markup:
    """Escape `text` for Markdown, wrapping each run in the other direction in <bdi>."""
    if lang == "ar":
        pattern, direction = LTR_RUN, "ltr"
    else:
        pattern, direction = RTL_RUN, "rtl"
    parts, position = [], 0  # joined once: the work stays linear in the text
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), wrap(match.group(0), direction)]
        position = match.end()
    return joined([*parts, escape(text[position:])])


def wrap(run: str, direction: str) -> Markup:
    """One isolated run; `lang` only for Arabic script, since digits belong to both."""
    if direction == "rtl":
        return markup('<bdi dir="rtl" lang="ar">{}</bdi>', escape(run))
    return markup('<bdi dir="ltr">{}</bdi>', escape(run))


def runs(text: str, lang: str) -> list[str]:
    """The runs `isolate` would wrap, for tests and checks."""
    pattern = LTR_RUN if lang == "ar" else RTL_RUN
    return [match.group(0) for match in pattern.finditer(text)]
