"""Python's cycle collector, paused while many objects that form no cycles are made."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside: making many long-lived objects (a site's models, a
    cache entry) would have the collector walk all of them again each time it runs.
    At 10,000 facts that was a third of the checks and four fifths of reading a cache
    entry. Reference counting frees objects as usual; only cycles wait until after."""
    if not gc.isenabled():  # paused further out: that one resumes it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
