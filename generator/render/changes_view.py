"""The history on one page, as escaped Markdown: dates, corrections, changes, earlier values.

A page's template calls these through `ch`, beside its PageView `h`, which escapes
contributor text and makes links relative to the page; the Chronicle says what to tell.
"""

from __future__ import annotations

import datetime
from typing import Any

from markupsafe import Markup

from .. import anchors
from ..model import Correction, Fact, Page
from .changes import Chronicle, Line, iso, midnight
from .escaping import markup
from .paths import CHANGES, FEED
from .view import PageView


class ChangesView:
    def __init__(self, chronicle: Chronicle, h: PageView) -> None:
        self.chronicle, self.h, self.words = chronicle, h, chronicle.words

    def fill(self, template: str, *parts: Markup) -> Markup:
        """Interface words around Markup: each {} of `template` takes the next part."""
        pieces = template.split("{}")
        out = self.h.escaped(pieces[0])
        for part, piece in zip(parts, pieces[1:], strict=True):
            out += part + self.h.escaped(piece)
        return out

    def time(self, moment: datetime.datetime) -> Markup:
        return Markup('<time datetime="{}">{}</time>').format(
            iso(moment), self.h.escaped(self.chronicle.day(moment))
        )

    # -- an explainer page ------------------------------------------------------------

    def dates(self, page: Page) -> Markup:
        """ "Published on …, updated on … · What changed", as far as the history knows."""
        published, updated = self.chronicle.page_dates(page.id)
        parts = []
        if published is not None:
            parts.append(self.fill(self.words["dates.published"], self.time(published)))
        if updated is not None and updated != published:
            parts.append(self.fill(self.words["dates.updated"], self.time(updated)))
        if not parts and not self.chronicle.lines_of(page.id):
            return Markup("")
        parts.append(
            Markup("[{}](#{})").format(
                self.h.escaped(self.words["dates.what_changed"]), anchors.CHANGES
            )
        )
        return Markup('<p class="page-dates" markdown>{}</p>').format(Markup(" · ").join(parts))

    def page_changes(self, page: Page) -> Markup:
        """The page's own changes and corrections, newest first, ending with its publication."""
        items = [
            Markup("{}: {}").format(self.time(line.when), self.line(line))
            for line in self.chronicle.lines_of(page.id)
        ]
        published = self.chronicle.page_dates(page.id)[0]
        if published is not None:
            items.append(self.fill(self.words["dates.first_published"], self.time(published)))
        if not items:
            return Markup("")
        everything = Markup("[{}]({})").format(
            self.h.escaped(self.words["changes.all"]), self.h.link(CHANGES)
        )
        return Markup("## {} {{ #{} }}\n\n{}\n\n{}").format(
            self.h.escaped(self.words["changes.on_page"]),
            anchors.CHANGES,
            Markup("\n").join(Markup("- {}").format(item) for item in items),
            everything,
        )

    def corrections(self, kind: str, id_: str) -> Markup:
        """A visible note for each correction of an entry (for a page: of its figures too)."""
        return Markup("\n\n").join(
            self.correction(c) for c in self.chronicle.corrections_of(kind, id_)
        )

    def correction(self, correction: Correction) -> Markup:
        """A correction as an admonition: the day, what was said, what is right. (The day is
        not in the title, which the engine writes as it is, with no isolation of its digits.)"""
        body = [
            self.time(midnight(correction.date)),
            self.fill(self.words["correction.wrong"], self.h.line(correction.wrong)),
            self.fill(self.words["correction.right"], self.h.line(correction.right)),
        ]
        if correction.cited:
            body.append(self.h.citations(correction.cited))
        return Markup('!!! note "{}"\n\n{}').format(
            self.h.escaped(self.words["correction.label"]),
            Markup("\n\n").join(Markup("    {}").format(part) for part in body),
        )

    def figure_anchor(self, fact: Fact) -> Markup:
        return markup('<span id="{}"></span>', anchors.figure(fact.id))

    def earlier(self, fact: Fact) -> Markup:
        """A changed figure's earlier values, with the day each was replaced."""
        values = self.chronicle.earlier(fact)
        if not values:
            return Markup("")
        shown = [
            self.fill(self.words["earlier.until"], self.h.escaped(value), self.time(until))
            if until
            else self.h.escaped(value)
            for value, until in values
        ]
        joined = self.h.escaped(self.words["citation.separator"]).join(shown)
        return Markup('<br><small class="earlier">{}</small>').format(
            self.fill(self.words["earlier"], joined)
        )

    def article(self, page: Page) -> dict[str, Any]:
        """schema.org Article dates and corrections, as far as they are known."""
        published, updated = self.chronicle.page_dates(page.id)
        found: dict[str, Any] = {}
        if published is not None:
            found["datePublished"] = iso(published)
        if updated is not None:
            found["dateModified"] = iso(updated)
        corrections = self.chronicle.corrections_of("pages", page.id)
        if corrections:
            found["correction"] = [
                {
                    "@type": "CorrectionComment",
                    "datePublished": str(c.date),
                    "text": self.chronicle.sentence(Line(midnight(c.date), correction=c)),
                }
                for c in corrections
            ]
        return found

    # -- the changes page -------------------------------------------------------------

    def days(self) -> list[tuple[str, str, list[Markup]]]:
        """Each day with changes, newest first: its heading, its anchor and its lines."""
        found: dict[datetime.date, tuple[datetime.datetime, list[Markup]]] = {}
        for line in self.chronicle.lines:
            found.setdefault(line.when.date(), (line.when, []))[1].append(self.line(line))
        return [
            (self.chronicle.day(moment), day.isoformat(), lines)
            for day, (moment, lines) in found.items()
        ]

    def feed_link(self) -> Markup:
        return Markup("[{}]({})").format(self.h.escaped(self.words["changes.feed_name"]), FEED)

    def line(self, line: Line) -> Markup:
        """One change in a sentence, its subject linked to the entry if it still exists."""
        chronicle, h = self.chronicle, self.h
        correction = line.correction
        if correction is not None:
            concerned = h.escaped(self.words["list.separator"]).join(
                self.named(c.kind, c.id, c.section) for c in correction.concerns
            )
            return Markup("**{}**: {}. {} {}").format(
                h.escaped(self.words["correction.label"]),
                concerned,
                self.fill(self.words["correction.wrong"], h.line(correction.wrong)),
                self.fill(self.words["correction.right"], h.line(correction.right)),
            )
        predicate = h.escaped(chronicle.predicate(line).rstrip("."))
        if line.change is not None and line.change.what == "published":
            return Markup("{}.").format(predicate)
        subject = h.escaped(chronicle.subject(line))
        target = chronicle.target(line)
        if target is not None:
            subject = Markup("[{}]({})").format(subject, h.link(*target))
        return Markup("{}: {}.").format(subject, predicate)

    def named(self, kind: str, id_: str, section: str | None = None) -> Markup:
        """An entry's name, linked to it."""
        name = self.h.escaped(self.chronicle.name(kind, id_, section))
        target = self.chronicle.entry_target(kind, id_, section)
        return Markup("[{}]({})").format(name, self.h.link(*target)) if target else name
