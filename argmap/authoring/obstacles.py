"""What stands in the way of a change, gathered so that a refusal names every obstacle at once, each with its remedy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ArgmapError, BlockedError, UsageError


class Obstacles:
    """The obstacles to one change (`what`: 'move 'x' under 'y''); `check` refuses with all of them, or passes.

    A malformed request (a UsageError: an id that is not an id, two options that exclude each other) is
    refused at once: it is a mistake in the asking, not an obstacle in the debate.
    """

    def __init__(self, what: str):
        self.what = what
        self.found: list[tuple[str, str | None]] = []

    def add(self, problem: str, remedy: str | None = None) -> None:
        self.found.append((problem, remedy))

    @contextmanager
    def gather(self) -> Iterator[None]:
        """Run a step that may refuse (an unknown id, a name taken): its refusal becomes one obstacle."""
        try:
            yield
        except UsageError:
            raise
        except BlockedError as exc:
            self.found.extend(exc.obstacles)
        except ArgmapError as exc:
            self.found.append((str(exc), None))

    def __bool__(self) -> bool:
        return bool(self.found)

    def check(self) -> None:
        """Refuse with every obstacle found (nothing has been changed yet)."""
        if self.found:
            raise BlockedError(self.what, self.found)
