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


def set_aside() -> None:
    """Free every cycle left so far, then set aside what lives on (gc.freeze), so that
    later collections walk only what is made after: for a process that lives on between
    builds (the live preview), its server, its modules and the models of its last check
    are not walked again by the next build's collections (build.generate's own: 0.1 s of
    each rebuild at 1,000 facts). Anything frozen before is looked at again first, so
    that what died since is freed; generate's unfreeze at its end hands it all back."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
