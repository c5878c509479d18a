"""Each language's Atom feed of the changes page, written by feedgenerator (Pelican's).

Pure: the feed's text from a Chronicle. Every date in it comes from the history or
from a correction, never from the clock; a feed with nothing to tell is not written.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Callable

import feedgenerator

from .changes import Chronicle
from .paths import CHANGES, FEED, page_url

ENTRIES = 50  # the newest changes; the changes page lists every one


def atom_feed(chronicle: Chronicle, address: Callable[[str], str]) -> str | None:
    """The feed, or None without a history (a preview from a shallow clone, say).

    `address` turns a path of the language's site (changes/, explainers/deal/#x) into
    the address a feed reader follows: absolute with a site URL, else relative to the
    feed, which sits at the language's root.
    """
    lines = chronicle.lines[:ENTRIES]
    if not lines or not chronicle.history.available:
        return None
    fmt, words = chronicle.fmt, chronicle.words
    title = words["feed.title"].format(fmt.plain(fmt.site.settings.title))
    own = address(FEED)
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=address(page_url(CHANGES)),
        description=words["changes.intro"],
        language=chronicle.lang,
        feed_url=own,
        feed_guid=_uuid(f"{chronicle.lang}/{own}"),
    )
    for line in lines:
        target = chronicle.target(line)
        link = page_url(CHANGES) + f"#{line.when.date().isoformat()}"
        if target is not None:
            link = page_url(target[0]) + (f"#{target[1]}" if target[1] else "")
        sentence = chronicle.sentence(line)
        feed.add_item(
            title=sentence,
            link=address(link),
            description=None,
            pubdate=_utc(line.when),
            updateddate=_utc(line.when),
            unique_id=_uuid(f"{chronicle.lang}/{line.key}"),
        )
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue() + "\n"


def _uuid(name: str) -> str:
    """A stable id: the same change keeps its id in every build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)
