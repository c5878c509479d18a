"""Contributor text cannot inject markup: hostile text in every kind of text field is
either refused with a clear error or shown as text in the built HTML.

Every payload carries a marker ("xss-" and the field it was put in). In the built pages
the marker may appear only as text, in attributes that hold text (title, alt, content,
aria-label) and as data in JSON-LD; never in a script, a style, an event handler, a
link or a resource address. The same holds for the search index, which Material's
search shows as HTML.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load import parse_document
from generator.problems import InputError
from generator.validate import validate
from tests.helpers import build_site, once, run_cli

BASE = Path(__file__).parent / "bad_input" / "base"
MARKER = re.compile(r"xss-[a-z0-9.-]+")
TEXT_ATTRIBUTES = {"title", "alt", "content", "aria-label", "placeholder", "value"}

# Prose fields: everything HTML and Markdown offer to run script, load something or link.
PROSE = [
    "<script>alert('{m}')</script>",
    "<img src=x onerror=\"alert('{m}')\">",
    "<svg onload=alert('{m}')>",
    '<iframe src="https://{m}.invalid/"></iframe>',
    "<a href=\"javascript:alert('{m}')\">a</a>",
    "[click](javascript:alert('{m}'))",
    "![image](https://{m}.invalid/i.png)",
    "[ref][x] [x]: javascript:alert('{m}')",
    "<javascript:alert('{m}')>",
    "<https://{m}.invalid/>",
    '<div markdown="block" onclick="alert(\'{m}\')">*x*</div>',
    "</p><script>alert('{m}')</script><p>",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "&#60;img src=x onerror=alert('{m}')&#62;",
    "`<b onclick=\"alert('{m}')\">code</b>`",
    "<!-- {m} --> <style>@import 'https://{m}.invalid/s.css';</style>",
    # In a table cell a pipe would end the cell and let the rest be read as Markdown.
    "a | [pipe](javascript:alert('{m}')) | ![pipe](https://{m}.invalid/p.png) |",
]
# Titles and headings also reach browser tabs, menus and the table of contents, so < > " and
# character references (&lt;) are refused there: the rest is tried.
TITLE = [
    "javascript:alert('{m}')",
    "[x](javascript:alert('{m}'))",
    "![i](https://{m}.invalid/i.png)",
    "AT&T & R&D {m}",
    "x' onmouseover='alert(this)' data-{m}='",
    "*em* __strong__ `code` # {m}",
]

# (file, path to a Text in the data, title?) for every kind of text field.
FIELDS: list[tuple[str, tuple[Any, ...], bool]] = [
    ("site.yml", ("site", "title"), True),
    ("site.yml", ("site", "description"), True),
    ("site.yml", ("site", "home", "lede"), False),
    ("sources.yml", ("sources", 0, "label"), True),
    ("sources.yml", ("sources", 0, "title"), True),
    ("sources.yml", ("sources", 0, "summary"), False),
    ("pages.yml", ("pages", 0, "title"), True),
    ("pages.yml", ("pages", 0, "summary"), False),
    ("pages.yml", ("pages", 0, "sections", 0, "heading"), True),
    ("pages.yml", ("pages", 0, "sections", 0, "body"), False),
    ("facts.yml", ("facts", 0, "label"), False),
    ("facts.yml", ("facts", 0, "note"), False),
    ("facts.yml", ("facts", 0, "values", 0, "note"), False),
    ("glossary.yml", ("terms", 0, "term"), True),
    ("glossary.yml", ("terms", 0, "short"), False),
    ("glossary.yml", ("terms", 0, "long"), False),
    ("timeline.yml", ("events", 0, "title"), True),
    ("timeline.yml", ("events", 0, "text"), False),
    ("entities.yml", ("entities", 0, "name"), True),
    ("entities.yml", ("entities", 0, "role"), False),
]


def field_name(path: tuple[Any, ...]) -> str:
    return "-".join(str(part) for part in path[1:] if isinstance(part, str))


def payload(
    templates: list[str], field: str, lang: str, keep: str = "", digits: bool = True
) -> str:
    """The templates, each marked with its field, language and a letter."""
    texts = [
        t.format(m=f"xss-{field}-{lang}-{chr(ord('a') + n)}")
        for n, t in enumerate(templates)
        if digits or not re.search(r"\d", t)
    ]
    return " ".join([keep, *texts]).strip()


def hostile_facts(folder: Path) -> Path:
    """The corpus' base files with every text field full of payloads, in both languages."""
    shutil.copytree(BASE, folder)
    data = {path.name: yaml.safe_load(path.read_text("utf-8")) for path in folder.glob("*.yml")}
    for file, path, is_title in FIELDS:
        parent = data[file]
        for part in path[:-1]:
            parent = parent[part]
        old = parent.get(path[-1]) or {}
        parent[path[-1]] = {
            # References stay, so prose that uses them still exercises their rendering.
            # A fact's own text may not state numbers its values do not hold.
            lang: payload(
                # Titles are short: each language gets half of the title payloads.
                (TITLE[0::2] if lang == "ar" else TITLE[1::2]) if is_title else PROSE,
                field_name(path),
                lang,
                old.get(lang, ""),
                digits=file != "facts.yml",
            )
            for lang in ("ar", "en")
        }
    data["glossary.yml"]["terms"][0]["abbr"] = "[a](javascript:xss-abbr-all-a)"
    # The term's definition also reaches table cells: as the title of a link in a label.
    label = data["facts.yml"]["facts"][0]["label"]
    label.update({lang: f"{{term:stargate}} {label[lang]}" for lang in ("ar", "en")})
    for name, content in data.items():
        (folder / name).write_text(yaml.safe_dump(content, allow_unicode=True), "utf-8")
    return folder


class Findings(HTMLParser):
    """Where markers from the input landed in one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.leaks: list[str] = []
        self.text: list[str] = []
        self.raw_text_tag: str | None = None
        self.script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self.text.append(value)
            where = f"<{tag} {name}={value!r}>"
            if MARKER.search(name) or (name.startswith("on") and MARKER.search(value or "")):
                self.leaks.append(f"attribute from the input: {where}")
            elif value and MARKER.search(value) and not _text_or_anchor(name, value):
                self.leaks.append(f"input in an attribute that is not text: {where}")
            elif value and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.leaks.append(f"javascript: URL: {where}")
        if tag in ("script", "style"):
            self.raw_text_tag = tag
            self.script_type = dict(attrs).get("type")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.raw_text_tag:
            self.raw_text_tag = None

    def handle_data(self, data: str) -> None:
        if self.raw_text_tag and MARKER.search(data):
            if self.script_type == "application/ld+json":
                json.loads(data)  # data, not code: it must still be one JSON document
            else:
                self.leaks.append(f"input inside <{self.raw_text_tag}>: {data[:80]!r}")
        elif not self.raw_text_tag:
            self.text.append(data)


def _text_or_anchor(name: str, value: str) -> bool:
    """Attributes that hold text, and heading anchors slugified from it (letters and -)."""
    slug = re.fullmatch(r"#?[\w.-]+", value) is not None
    return name in TEXT_ATTRIBUTES or (name in ("id", "href") and slug)


def inspect(html: str) -> Findings:
    findings = Findings()
    findings.feed(html)
    findings.close()
    return findings


def inspect_site(site: Path) -> tuple[list[str], str]:
    """Every leak in the built HTML and search indexes, and all the text a reader sees."""
    leaks: list[str] = []
    text: list[str] = []
    for page in sorted(site.rglob("*.html")):
        findings = inspect(page.read_text("utf-8"))
        leaks += [f"{page.relative_to(site)}: {leak}" for leak in findings.leaks]
        text += findings.text
    for index in sorted(site.rglob("search_index.json")):
        for doc in json.loads(index.read_text("utf-8"))["docs"]:
            for key in ("title", "text"):
                findings = inspect(doc.get(key) or "")
                leaks += [
                    f"{index.relative_to(site)} {doc['location']}: {x}" for x in findings.leaks
                ]
    return leaks, " ".join(text)


@pytest.fixture(scope="module")
def inspected(hostile_site: Path) -> tuple[list[str], str]:
    return inspect_site(hostile_site)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_build(tmp_path_factory, "mkdocs")


def hostile_build(factory: pytest.TempPathFactory, engine: str) -> Path:
    """The hostile facts built with `engine`, once for every test process."""

    def make(folder: Path) -> None:
        facts = hostile_facts(folder / "facts")
        result = build_site(facts, folder / "site", folder / "work", "--engine", engine)
        assert result.code == 0, result.stderr

    return once(factory, f"hostile-{engine}", make) / "site"


def test_the_detector_finds_markup() -> None:
    """The control: the same inspection flags each payload when it is left as markup."""
    for template in PROSE[:12]:
        html = template.format(m="xss-control")
        if template.startswith(("[", "!", "<javascript", "<https")):
            html = '<a href="javascript:x(\'xss-control\')">a</a><img src="//xss-control">'
        assert inspect(html).leaks, template


@pytest.mark.build
def test_no_payload_reaches_the_html_as_markup(inspected: tuple[list[str], str]) -> None:
    leaks, _ = inspected
    assert leaks == []


@pytest.mark.build
@pytest.mark.parametrize(("file", "path", "is_title"), FIELDS, ids=lambda v: str(v))
def test_every_field_is_shown_as_text(
    inspected: tuple[list[str], str], file: str, path: tuple[Any, ...], is_title: bool
) -> None:
    field = field_name(path)
    _, text = inspected
    for lang in ("ar", "en"):
        shown = MARKER.findall(text)
        assert any(marker.startswith(f"xss-{field}-{lang}-") for marker in shown), (field, lang)
    if not is_title:
        assert f"<script>alert('xss-{field}-en-a')</script>" in text


@pytest.mark.build
def test_the_abbreviation_is_shown_as_text(inspected: tuple[list[str], str]) -> None:
    _, text = inspected
    assert "[a](javascript:xss-abbr-all-a)" in text


@pytest.mark.build
@pytest.mark.parametrize("engine", ["zensical"])
def test_the_other_engine_is_as_safe(engine: str, tmp_path: Path) -> None:
    facts = hostile_facts(tmp_path / "facts")
    result = build_site(facts, tmp_path / "site", tmp_path / "work", "--engine", engine)
    assert result.code == 0, result.stderr
    leaks, text = inspect_site(tmp_path / "site")
    assert leaks == []
    assert "<script>alert('xss-home-lede-en-a')</script>" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<script>alert("x")</script>', "titles and headings cannot contain"),
        ("x</title><script>", "titles and headings cannot contain"),
        ('Title" onload="alert(1)', "titles and headings cannot contain"),
        ("Title {: onclick=alert(1) }", "unexpected brace"),
        ("&lt;/title&gt;&lt;script&gt;", "titles and headings cannot contain &gt; &lt;"),
        ("&#60;img src=x onerror=alert(1)&#62;", "cannot contain &#60; &#62;"),
        ("Two\nlines", "titles and headings are one line"),
    ],
)
def test_titles_refuse_what_could_break_out(text: str, message: str) -> None:
    site = yaml.safe_load((BASE / "site.yml").read_text("utf-8"))
    site["site"]["title"]["en"] = text
    documents = [
        parse_document(path.read_bytes(), path.name)
        for path in sorted(BASE.glob("*.yml"))
        if path.name != "site.yml"
    ]
    documents.append(parse_document(yaml.safe_dump(site).encode(), "site.yml"))
    with pytest.raises(InputError) as caught:
        validate(documents)
    assert any(message in p.message and p.file == "site.yml" for p in caught.value.problems)


@pytest.mark.parametrize(
    "text",
    [
        "A paragraph {: onclick=\"alert('x')\" }",
        "## Heading {#id onmouseover=alert(1)}",
        "{term:stargate|<b onclick=alert(1)>x</b>} and {: .evil }",
    ],
)
def test_attribute_lists_are_refused_in_prose(text: str, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    pages = yaml.safe_load((facts / "pages.yml").read_text("utf-8"))
    pages["pages"][0]["sections"][0]["body"]["en"] = text
    (facts / "pages.yml").write_text(yaml.safe_dump(pages, allow_unicode=True), "utf-8")
    result = run_cli("--facts", facts, "check")
    assert result.code == 1
    assert "unexpected brace" in result.stderr
    assert "Traceback" not in result.stderr
