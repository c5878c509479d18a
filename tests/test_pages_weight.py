"""Pages that stay light and steady: subset fonts that still cover whole scripts, fonts
that cannot move text, the face a page needs preloaded, and a menu that does not grow
with the number of explainers (Material writes it into every page)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from generator.render.config import FLAT_MENU, _explainers_menu
from tests.helpers import FIXTURE, ROOT, site_of

FONTS = ROOT / "docs" / "assets" / "fonts"
CSS = (ROOT / "docs" / "assets" / "stylesheets" / "fonts.css").read_text(encoding="utf-8")
# Every letter, mark, digit and sign of Arabic as written in the press, and Latin-1.
ARABIC = [*range(0x060C, 0x0700)]
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x100)]


def cmap(name: str) -> set[int]:
    return set(TTFont(FONTS / name).getBestCmap())


@pytest.mark.parametrize("weight", ["400", "700"])
def test_the_arabic_face_covers_arabic_whole(weight: str) -> None:
    """Subset by range, not by the letters today's content uses: a new word never
    falls back to another face."""
    covered = cmap(f"noto-naskh-arabic-arabic-{weight}-normal.woff2")
    letters = [c for c in ARABIC if chr(c).isalpha() or chr(c).isdigit()]
    assert len(letters) > 150
    assert [f"U+{c:04X}" for c in letters if c not in covered] == []
    assert {0x060C, 0x061B, 0x061F, 0x066A, 0x200C, 0x200D} <= covered  # ، ؛ ؟ ٪ ZWNJ ZWJ


@pytest.mark.parametrize("weight", ["400", "700"])
def test_the_presentation_forms_are_a_face_of_their_own(weight: str) -> None:
    """Letters stored already shaped, which today's text does not use, are not in the face
    every Arabic page preloads: they have their own, fetched only where a page has one."""
    forms = {*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)}
    arabic = cmap(f"noto-naskh-arabic-arabic-{weight}-normal.woff2")
    shaped = cmap(f"noto-naskh-arabic-forms-{weight}-normal.woff2")
    assert arabic & forms == set()
    assert len(shaped & forms) > 600
    assert {0xFEFB, 0xFDF2} <= shaped  # lam-alef, the ligature of Allah
    faces = re.findall(r"@font-face\s*{[^}]*}", CSS)
    (face,) = [face for face in faces if f"forms-{weight}-normal" in face]
    assert "unicode-range: U+FB50-FDFF, U+FE70-FEFF;" in face
    (face,) = [face for face in faces if f"arabic-arabic-{weight}-normal" in face]
    assert "U+FB50" not in face
    assert "U+FE70" not in face


@pytest.mark.parametrize(
    "name",
    [
        "roboto-latin-400-normal.woff2",
        "roboto-latin-400-italic.woff2",
        "roboto-latin-700-normal.woff2",
        "roboto-mono-latin-400-normal.woff2",
    ],
)
def test_the_latin_faces_cover_latin_1(name: str) -> None:
    covered = cmap(name)
    assert [f"U+{c:04X}" for c in LATIN if c not in covered and chr(c).isprintable()] == []
    assert {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x20AC} <= covered  # – — ‘ ’ “ ” €


def test_no_face_can_move_text_once_laid_out() -> None:
    faces = re.findall(r"@font-face\s*{[^}]*}", CSS)
    assert len(faces) == len(list(FONTS.glob("*.woff2")))
    assert all("font-display: optional;" in face for face in faces)


def test_each_face_file_exists_and_is_the_one_preloaded() -> None:
    named = set(re.findall(r'url\("\.\./fonts/([^"]+)"\)', CSS))
    assert named == {path.name for path in FONTS.glob("*.woff2")}
    head = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    assert 'rel="preload"' in head
    assert "noto-naskh-arabic-arabic" in head
    assert "roboto-latin" in head
    assert "noto-naskh-arabic-forms" not in head, "only a page with a presentation form uses it"


def test_the_logo_is_the_favicon_drawn_in_the_page() -> None:
    """No image ahead of Material's script (it would be fetched at a lower priority), and
    one request fewer: the logo is the favicon's own picture, inline."""
    partial = (ROOT / "overrides" / "partials" / "logo.html").read_text(encoding="utf-8")
    favicon = (ROOT / "docs" / "assets" / "images" / "favicon.svg").read_text(encoding="utf-8")
    drawn = re.sub(r"\{#-.*?-#\}", "", partial, flags=re.DOTALL)
    assert drawn.strip() == favicon.strip()


def test_a_small_site_keeps_a_flat_menu() -> None:
    site = site_of(FIXTURE)
    menu = _explainers_menu(site, "en")
    assert len(menu) == len(site.pages) <= FLAT_MENU
    assert all(isinstance(path, str) for item in menu for path in item.values())


@pytest.mark.parametrize("count", [31, 100, 1000, 5000])
def test_a_large_site_groups_its_explainers_so_each_page_carries_about_3_cube_roots(
    count: int,
) -> None:
    site = site_of(FIXTURE)
    page = next(iter(site.pages.values()))
    pages = {f"p{n}": page.model_copy(update={"id": f"p{n}"}) for n in range(count)}
    menu = _explainers_menu(dataclasses.replace(site, pages=pages), "ar")

    carried: dict[str, int] = {}  # each page: the entries of its menu that are not pruned

    def walk(entries: list[dict[str, Any]], above: int) -> None:
        for entry in entries:
            (value,) = entry.values()
            if isinstance(value, str):
                carried[value] = above + len(entries)
            else:
                walk(value, above + len(entries))

    walk(menu, 0)
    assert list(carried) == [f"explainers/p{n}.md" for n in range(count)], "all, in order, once"
    assert max(carried.values()) <= 3 * count ** (1 / 3) + 3
    first = next(iter(menu[0]))
    assert first.startswith("الشرح 1–")


def test_the_menu_is_pruned() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- navigation.prune" in config
    assert "- navigation.sections" not in config, "sections would expand every group"
    assert "- navigation.indexes" not in config, "its loop writes every group's children"
