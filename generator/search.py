"""Arabic search that forgives spelling: extra index forms at build time, one key per query word.

Material's search (lunr) matches a query word against the start of an indexed word, letter
for letter. Arabic readers type words without the article or an attached و ب ل ف ك, and
spell hamza, alef, ta marbuta and alef maqsura freely. So, after the engine has written
`search/search_index.json`, every Arabic word of a document also gets its normalised forms
(with each possible prefix removed), hidden inside the document's text: the reader sees
the original text and its highlights, the index holds the forms. In the browser,
docs/assets/javascripts/search.js turns each query word into one key with `arabic.key`'s
rules (the two are tested against each other), so the key always starts one of the forms.
Zensical writes its own index (search.json) with its own engine: left as it is.
"""

from __future__ import annotations

import functools
import json
import re
from html import unescape
from typing import Any

from . import arabic

INDEX = "search/search_index.json"

_TAG = re.compile(r"<[^>]*>")


def expand_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with its Arabic words' other forms appended, hidden from the reader."""
    text = str(doc.get("text", ""))
    extra = _other_forms(f"{doc.get('title', '')}", text)
    if not extra:
        return doc
    return {**doc, "text": f"{text} <span hidden>{extra}</span>"}


# Kept by title and text: after an edit, a page's index holds one document per section,
# and all but the edited one are as they were (the timeline of 100 events has 120).
# Enough for the documents of the pages of a site of 10,000 facts.
@functools.lru_cache(maxsize=1 << 14)
def _other_forms(title: str, text: str) -> str:
    """The other forms of the Arabic words of a document, for its hidden span."""
    plain = unescape(_TAG.sub(" ", f"{title} {text}"))
    words = dict.fromkeys(arabic.WORD.findall(plain))
    extra = sorted(
        {form for word in words for form in arabic.forms(word) if len(form) > 1} - set(words)
    )
    return " ".join(extra)


def expand_index(index: dict[str, Any]) -> dict[str, Any]:
    return {**index, "docs": [expand_document(doc) for doc in index.get("docs", [])]}


def expand_index_text(text: str) -> str:
    """A Material search index (search/search_index.json) with the Arabic forms added."""
    index = json.loads(text)
    return json.dumps(expand_index(index), ensure_ascii=False, separators=(",", ":"))


def merge_index_text(previous: str, rebuilt: str) -> str:
    """The index of a whole site after a build that rebuilt only some pages: `previous`
    (the last whole index) with each rebuilt page's documents in place of its old ones."""
    old, new = json.loads(previous), json.loads(rebuilt)
    fresh: dict[str, list[Any]] = {}
    for doc in new.get("docs", []):
        fresh.setdefault(_page_of(doc), []).append(doc)
    docs, placed = [], set()
    for doc in old.get("docs", []):
        page = _page_of(doc)
        if page not in fresh:
            docs.append(doc)
        elif page not in placed:
            docs += fresh[page]
            placed.add(page)
    docs += [doc for page, group in fresh.items() if page not in placed for doc in group]
    return json.dumps({**new, "docs": docs}, ensure_ascii=False, separators=(",", ":"))


def _page_of(doc: dict[str, Any]) -> str:
    return str(doc.get("location", "")).split("#", 1)[0]
