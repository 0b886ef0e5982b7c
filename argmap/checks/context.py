"""What every rule sees: one map, the debate around it, the project root and the source texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Code, Issue, Severity
from ..model import ArgMap, Edge, Visit
from ..quotes import SourceCache, SourceProblem, SourceText

OUTSIDE = SourceProblem(Code.SOURCE_OUTSIDE, "lies outside the project (source paths are relative to the project root)")


def issue(code: Code, message: str, ptr: str, node: str | None = None, severity: Severity | None = None) -> Issue:
    return Issue(code, message, ptr, severity=severity or code.severity, node=node)


@dataclass
class Context:
    map: ArgMap
    root: Path
    debate: Mapping[str, ArgMap]
    sources: SourceCache
    visits: list[Visit] = field(default_factory=list)
    _other_ids: dict[str, set[str]] = field(default_factory=dict)

    @cached_property
    def edges(self) -> list[Edge]:
        return list(self.map.edges(self.visits))

    @cached_property
    def source_texts(self) -> dict[str, SourceText | SourceProblem]:
        """Each declared source's text, or why it cannot be had; resolved once per map."""
        root = self.root.resolve()
        texts: dict[str, SourceText | SourceProblem] = {}
        for source_id, source in self.map.sources.items():
            path = (root / source.path).resolve()
            texts[source_id] = self.sources.get(path) if path.is_relative_to(root) else OUTSIDE
        return texts

    def ids_of(self, other: ArgMap) -> set[str]:
        """Node ids of another map of the debate, collected once however many links point into it."""
        if other.id not in self._other_ids:
            self._other_ids[other.id] = {visit.node.id for visit in other.walk()}
        return self._other_ids[other.id]

    @cached_property
    def index(self) -> dict[str, Visit]:
        """Node id -> first visit of that id."""
        index: dict[str, Visit] = {}
        for visit in self.visits:
            index.setdefault(visit.node.id, visit)
        return index
