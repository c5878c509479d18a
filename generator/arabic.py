"""Arabic text rules, in one place: digits, marks, letter forms, attached prefixes, numbers.

Search, provenance, number parity, glossary linking and the terminology checks all
read Arabic the same way through this module:

- `fold` gives one spelling of a word: no vowel marks or tatweel, one alef for the
  hamza forms, ه for ة and ي for ى, the letters readers and writers mix freely;
- `key` also removes the article or an attached و ف ب ل ك (longest first), so
  «والاستثمار» and «استثمار» meet; `forms` lists every such stripping of a word;
- `numbers_in` reads the numbers a sentence states, in digits or in words, scaled
  by «مليار» and its kin.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Harakat, superscript alef, Quranic marks, tatweel, and invisible joiners and marks.
MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d\u200e\u200f]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
# Arabic-Indic and Extended Arabic-Indic digits, the Arabic decimal and thousands
# separators, read as their Latin counterparts.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
# Arabic letters and the marks written on them; punctuation such as ، ؛ ؟ ends a word.
LETTERS = "\u0621-\u064a\u064b-\u065f\u0670\u0671-\u06d3\u06d6-\u06ed\u0640"
WORD = re.compile(f"[{LETTERS}]+")

# The one-letter particles written joined to the next word (and, so, with, for).
ATTACHED = "وفبل"
# Prefixes, longest first, with the shortest word each may leave behind.
ARTICLES = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
PARTICLES = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_AFTER_ARTICLE, _AFTER_PARTICLE = 2, 3
# Forms are only worth computing for words a reader could type; longer runs of
# letters are not words, and stripping them one prefix at a time costs their square.
LONGEST_WORD = 40


def fold(text: str) -> str:
    """One spelling for the letters written in several ways; no marks, no tatweel."""
    return MARKS.sub("", text).translate(_LETTERS)


def _strip(word: str, prefixes: tuple[str, ...], shortest: int) -> list[str]:
    return [
        word[len(p) :] for p in prefixes if word.startswith(p) and len(word) - len(p) >= shortest
    ]


def forms(word: str) -> set[str]:
    """The word folded, and again with every prefix it may carry removed, repeatedly."""
    found: set[str] = set()
    waiting = [fold(word)]
    if len(waiting[0]) > LONGEST_WORD:
        return set(waiting)
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        waiting += _strip(current, ARTICLES, _AFTER_ARTICLE)
        waiting += _strip(current, PARTICLES, _AFTER_PARTICLE)
    return found


def key(word: str) -> str:
    """What a word is compared as: folded, its longest article or particle removed."""
    word = fold(word)
    for prefixes, shortest in ((ARTICLES, _AFTER_ARTICLE), (PARTICLES, _AFTER_PARTICLE)):
        stripped = _strip(word, prefixes, shortest)
        if stripped:
            return stripped[0]
    return word


def keys(text: str) -> list[str]:
    """The words of a text as `key` compares them; Latin words lowercased, digits kept."""
    return [word for word, _, _ in tokens(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Each word as `keys` gives it, with where it starts and ends in `text`."""
    return [
        (key(m.group(0)) if WORD.fullmatch(m.group(0)) else m.group(0).casefold(), *m.span())
        for m in _TOKEN.finditer(text.translate(DIGITS))
    ]


# -- numbers in prose ------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[\u0621-\u064a\u064b-\u065f\u0670\u0640]+|[A-Za-z]+")


def _folded(table: dict[str, int]) -> dict[str, int]:
    return {fold(word): number for word, number in table.items()}


SCALES = _folded(
    {
        "ألف": 10**3, "آلاف": 10**3, "مليون": 10**6, "ملايين": 10**6, "مليار": 10**9,
        "مليارات": 10**9, "تريليون": 10**12, "تريليونات": 10**12,
        "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    }
)  # fmt: skip
# A scale word alone means one of it («مليار دولار»); its dual means two.
_SCALE_ALONE = _folded({"ألف": 10**3, "مليون": 10**6, "مليار": 10**9, "تريليون": 10**12})
_SCALE_DUAL = _folded(
    {
        "ألفا": 10**3, "ألفي": 10**3, "مليونا": 10**6, "مليوني": 10**6,
        "مليارا": 10**9, "ملياري": 10**9, "تريليونا": 10**12, "تريليوني": 10**12,
    }
)  # fmt: skip
NUMBER_WORDS = _folded(
    {
        "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
        "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5,
        "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
        "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20,
        "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40, "خمسون": 50, "خمسين": 50,
        "مئة": 100, "مائة": 100,
    }
)  # fmt: skip
_TEENS = _folded({"عشر": 10, "عشرة": 10})
# Fractions are shares: "half" is 0.5 of a whole and 50 of a percentage.
_FRACTIONS = {
    fold(word): share
    for word, share in {
        "نصف": Decimal("0.5"),
        "ربع": Decimal("0.25"),
        "ثلث": Decimal(1) / 3,
    }.items()
}
MONTHS = {
    1: ("يناير", "كانون الثاني"), 2: ("فبراير", "شباط"), 3: ("مارس", "آذار"),
    4: ("أبريل", "نيسان"), 5: ("مايو", "أيار"), 6: ("يونيو", "حزيران"),
    7: ("يوليو", "تموز"), 8: ("أغسطس",), 9: ("سبتمبر", "أيلول"),
    10: ("أكتوبر", "تشرين الأول"), 11: ("نوفمبر", "تشرين الثاني"), 12: ("ديسمبر", "كانون الأول"),
}  # fmt: skip
_MONTH_NAMES = {month: tuple(fold(name) for name in names) for month, names in MONTHS.items()}


def _stripped(word: str) -> list[str]:
    """The word and what remains of it without one attached article or particle."""
    return [word] + [
        word[len(prefix) :]
        for prefix in (*ARTICLES, *PARTICLES)
        if word.startswith(prefix) and len(word) > len(prefix) + 1
    ]


def _lookup(word: str, table: dict[str, int] | dict[str, Decimal]) -> Decimal | None:
    for form in _stripped(word):
        if form in table:
            return Decimal(table[form])
    return None


def numbers_in(text: str) -> set[Decimal]:
    """Every number a sentence states, scaled: «13.75 مليار» gives 13750000000."""
    tokens = [fold(t).casefold() for t in _TOKEN.findall(text.translate(DIGITS))]
    found: set[Decimal] = set()
    index = 0
    while index < len(tokens):
        token, following = tokens[index], tokens[index + 1 : index + 3]
        number = _number(token)
        if number is not None and following and _lookup(following[0], SCALES) is None:
            teen = _lookup(following[0], _TEENS)
            if teen is not None and number < 10 and token[0].isalpha():
                number, index = number + teen, index + 1  # «ثلاثة عشر» is 13
        if number is not None:
            scale = _lookup(following[0], SCALES) if following else None
            found.add(number * scale if scale is not None else number)
            index += 2 if scale is not None else 1
            continue
        fraction = _lookup(token, _FRACTIONS)
        if fraction is not None:
            found |= {fraction, fraction * 100}
        alone = _lookup(token, _SCALE_ALONE)
        dual = _lookup(token, _SCALE_DUAL)
        if alone is not None:
            found.add(alone)
        if dual is not None:
            found.add(2 * dual)
        index += 1
    return {number.normalize() for number in found}


def _number(token: str) -> Decimal | None:
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    return _lookup(token, NUMBER_WORDS)


def months_in(text: str) -> set[int]:
    """The months a sentence names, by their Egyptian or Levantine names."""
    plain = " ".join(fold(t) for t in _TOKEN.findall(text))
    words = {form for word in plain.split() for form in _stripped(word)}
    return {
        month
        for month, names in _MONTH_NAMES.items()
        if any(name in words or (" " in name and name in plain) for name in names)
    }
