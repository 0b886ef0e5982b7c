"""Speed helpers shared by every room: pausing the cyclic garbage collector while many objects are built, and
leaving large structures unfreed in a process that ends without freeing anything."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off.

    Building many small, long-lived objects (a parsed map, a framework) triggers the collector over and
    over; it rescans every live object each time and frees nothing. Reference counting still frees the rest.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Set by a process that ends with os._exit (the `argmap` command): what `spare` is given is kept to the end.
_SPARED: list[object] | None = None
_MOST_SPARED = 16


def ending_without_freeing(ending: bool = True) -> None:
    """Declare that this process ends soon without taking its objects apart (os._exit): see `spare`.

    A server (False) runs for hours: it frees as it goes.
    """
    global _SPARED
    if not ending:
        _SPARED = None
    elif _SPARED is None:
        _SPARED = []


def spare(done: object) -> None:
    """Hand over a large structure that is no longer needed (a parsed file of tens of thousands of objects).

    Freeing it visits each of its objects (20 ms of CPU for a 10,000-statement AIF file); a process that ends
    without freeing anything keeps it to the end instead, for memory the system takes back at once. Elsewhere
    it is let go. Worth it for the largest structures alone: what is kept is not reused, so what is made
    after it takes fresh memory, and the system's first touch of each page costs too.
    """
    # A few at most: a long-running command (a server) that reads file after file holds no more than these.
    if _SPARED is not None and len(_SPARED) < _MOST_SPARED:
        _SPARED.append(done)
