"""The house style, where a machine can check it: one term for one thing, no particle
joined to a word the site writes, small numbers in words.

- Each term, entity and source may list, per language, the forms no text may use for it
  (`avoid: {ar: [...], en: [...]}`). Arabic is compared word by word through
  `arabic.key`, so a prefix (و ف ب ل ك), the article, hamza forms, tashkeel and tatweel
  do not hide a form; English word by word, in any case, except that a form with a
  capital after its first letter (MOU) must match exactly (MoU is the site's). A form
  between quotation marks is a mention, not a use. A form that differs from the
  preferred one only in case (Softbank, SoftBank) is matched exactly too.
- A letter joined to a reference (`بـ{date:2023-01}`) glues a particle to words the
  site writes: «بـيناير».
- In prose, numbers below eleven are words («ست سنوات», "six years"); figures the site
  writes from `{fact:…}` stay digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import arabic, prose
from .load import Document
from .model import LANGUAGES, FactsFile, Text, Title
from .problems import Path, Problem, dotted
from .words import WORDS

# Quoted spans: a form inside them is cited, not used.
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
# A letter or tatweel right before a reference: the particle sticks to generated words.
_JOINED = re.compile(rf"[{arabic.LETTERS}]\{{(?:fact|date|cite|term):")
# A whole number below eleven, standing alone (not 2030, 4.5, 20%, GPT-4 or a reference).
_SMALL_NUMBER = re.compile(r"(?<![\w.,٫%\-])(?:10|[0-9])(?![\w.,٫%\-])")


@dataclass(frozen=True)
class Form:
    """A form to avoid: its words as compared, what it is, and what to write instead."""

    words: tuple[str, ...]
    written: str
    preferred: str
    exact: bool  # English with capitals after the first letter: matched as written


def forms(parsed: list[tuple[Document, FactsFile]]) -> dict[str, dict[str, list[Form]]]:
    """The forms to avoid that the files' terms, entities and sources list, by language."""
    return {lang: _forms(parsed, lang) for lang in LANGUAGES}


def check(
    walked: list[tuple[Document, FactsFile, list[tuple[Path, Text]]]],
    avoid: dict[str, dict[str, list[Form]]],
) -> list[Problem]:
    """Every style problem in the parsed files, each where it is written in its text;
    each file comes with its texts (model.texts_in); `avoid` is what `forms` finds in
    all the files."""
    problems: list[Problem] = []
    for document, _, texts in walked:
        for path, text in texts:
            for lang in LANGUAGES:
                written = text.get(lang)
                if not written:
                    continue
                where = (*path, lang)
                for form, start, end in _avoided(written, lang, avoid[lang]):
                    found = written[start:end]
                    problems.append(_problem(document, where, found, _avoided_message(form)))
                joined = _JOINED.search(written) if lang == "ar" else None
                if joined:
                    problems.append(
                        _problem(document, where, joined.group(0), _joined_message(written, joined))
                    )
                literal = _blank(prose.REFERENCE, written)
                number = None if isinstance(text, Title) else _SMALL_NUMBER.search(literal)
                if number:
                    problems.append(
                        _problem(document, where, number.group(0), _number_message(number, lang))
                    )
    return problems


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """`text` with every match of `pattern` blanked out, each character kept in its place."""
    return pattern.sub(lambda match: " " * len(match.group(0)), text)


def _forms(parsed: list[tuple[Document, FactsFile]], lang: str) -> dict[str, list[Form]]:
    """The forms to avoid in one language, by their first word as compared."""
    by_first: dict[str, list[Form]] = {}
    for _, content in parsed:
        named = [
            *((e.term.get(lang), e.avoid) for e in content.terms),
            *((e.name.get(lang), e.avoid) for e in content.entities),
            *((_source_name(e.label, lang), e.avoid) for e in content.sources),
        ]
        for preferred, avoid in named:
            for written in avoid.get(lang) if avoid else []:
                # MOU against MoU, Softbank against SoftBank: only the case tells them apart.
                exact = lang == "en" and (
                    any(char.isupper() for char in written[1:])
                    or written.casefold() == (preferred or "").casefold()
                )
                words = _words(written, lang, exact)
                if words:
                    form = Form(tuple(words), written, preferred or "", exact)
                    by_first.setdefault(words[0], []).append(form)
    return by_first


def _source_name(label: Text, lang: str) -> str:
    return WORDS[lang]["source.label"].format(label.get(lang) or "")  # type: ignore[index]


def _words(text: str, lang: str, exact: bool) -> list[str]:
    """A text's words as forms are compared: Arabic keys; English as written, or in any case."""
    return [word for word, _, _ in _tokens(text, lang, exact)]


def _tokens(text: str, lang: str, exact: bool) -> list[tuple[str, int, int]]:
    if lang == "ar":
        return arabic.tokens(text)
    return [
        (m.group(0) if exact else m.group(0).casefold(), *m.span())
        for m in _LATIN_WORD.finditer(text)
    ]


def _avoided(text: str, lang: str, forms: dict[str, list[Form]]) -> list[tuple[Form, int, int]]:
    """The avoided forms `text` uses, each once, where they first stand; quoted spans and
    references left out."""
    if not forms:
        return []
    plain = _blank(_QUOTED, _blank(prose.REFERENCE, text))
    found: dict[str, tuple[Form, int, int]] = {}
    for exact in (False, True) if lang == "en" else (False,):
        tokens = _tokens(plain, lang, exact)
        words = [word for word, _, _ in tokens]
        for start, word in enumerate(words):
            for form in forms.get(word, ()):
                end = start + len(form.words)
                if form.exact == exact and tuple(words[start:end]) == form.words:
                    found.setdefault(form.written, (form, tokens[start][1], tokens[end - 1][2]))
    return sorted(found.values(), key=lambda item: item[1])


def _avoided_message(form: Form) -> str:
    return (
        f"«{form.written}» is not the site's word for this: write «{form.preferred}» (one "
        "term for one thing; put the form in « » to quote it rather than use it)"
    )


def _problem(document: Document, path: Path, written: str, message: str) -> Problem:
    """A problem at the line and column where `written` stands in the text at `path`."""
    line, col = document.position_of(path, written.split("\n")[0])
    return Problem(document.file, line, col, dotted(path), message)


def _joined_message(text: str, match: re.Match[str]) -> str:
    shown = text[max(0, match.start() - 3) : match.end() + 8]
    return (
        f"a letter is joined to a reference ({shown!r}…): the site writes the words of a "
        "reference itself, so a particle would stick to them («بـيناير»); put a word "
        "between them, such as «في» or «بقيمة»"
    )


def _number_message(match: re.Match[str], lang: str) -> str:
    example = "«ست سنوات»" if lang == "ar" else '"six years"'
    return (
        f"the number {match.group(0)} is written in digits: in prose, numbers below eleven "
        f"are words ({example}), in both languages; figures come from {{fact:…}}"
    )
