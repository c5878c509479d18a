"""Arabic search that forgives spelling: extra index forms at build time, one key per query word.

Material's search (lunr) matches a query word against the start of an indexed word, letter
for letter. Arabic readers type words without the article or an attached و ب ل ف ك, and
spell hamza, alef, ta marbuta and alef maqsura freely. So, after the engine has written
`search/search_index.json`, every Arabic word of a document also gets its normalised forms
(with each possible prefix removed), hidden inside the document's text: the reader sees
the original text and its highlights, the index holds the forms. In the browser,
docs/assets/javascripts/search.js turns each query word into one key with `query_key`'s
rules (the two are tested against each other), so the key always starts one of the forms.
Zensical writes its own index (search.json) with its own engine: left as it is.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

INDEX = "search/search_index.json"

# Harakat, superscript alef, Quranic marks, tatweel, and invisible joiners.
_IGNORED = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_WORD = re.compile("[\u0621-\u064a\u064b-\u065f\u0670\u0671-\u06d3\u06d6-\u06ed\u0640]+")
_TAG = re.compile(r"<[^>]*>")

# Prefixes, longest first, with the shortest word each may leave behind.
ARTICLES = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
PARTICLES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_AFTER_ARTICLE, _AFTER_PARTICLE = 2, 3


def normalize(word: str) -> str:
    """One spelling for the letters readers write in several ways; no marks, no tatweel."""
    return _IGNORED.sub("", word).translate(_LETTERS)


def _strip(word: str, prefixes: tuple[str, ...], shortest: int) -> list[str]:
    return [
        word[len(p) :] for p in prefixes if word.startswith(p) and len(word) - len(p) >= shortest
    ]


def forms(word: str) -> set[str]:
    """The word normalised, and again with every prefix it may carry removed, repeatedly."""
    found: set[str] = set()
    waiting = [normalize(word)]
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        waiting += _strip(current, ARTICLES, _AFTER_ARTICLE)
        waiting += _strip(current, PARTICLES, _AFTER_PARTICLE)
    return found


def query_key(word: str) -> str:
    """What one typed word is searched as: normalised, its longest prefix removed."""
    word = normalize(word)
    for prefixes, shortest in ((ARTICLES, _AFTER_ARTICLE), (PARTICLES, _AFTER_PARTICLE)):
        stripped = _strip(word, prefixes, shortest)
        if stripped:
            return stripped[0]
    return word


def expand_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with its Arabic words' other forms appended, hidden from the reader."""
    text = str(doc.get("text", ""))
    plain = unescape(_TAG.sub(" ", f"{doc.get('title', '')} {text}"))
    words = dict.fromkeys(_ARABIC_WORD.findall(plain))
    extra = sorted({form for word in words for form in forms(word) if len(form) > 1} - set(words))
    if not extra:
        return doc
    return {**doc, "text": f"{text} <span hidden>{' '.join(extra)}</span>"}


def expand_index(index: dict[str, Any]) -> dict[str, Any]:
    return {**index, "docs": [expand_document(doc) for doc in index.get("docs", [])]}


def expand_indexes(sites: list[Path]) -> None:
    """Rewrite each built language's Material search index in place (absent for Zensical)."""
    for site in sites:
        path = site / INDEX
        if not path.is_file():
            continue
        index = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(expand_index(index), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text, encoding="utf-8")
