"""The MCP server's resources: each map as JSON and as outline text, each source text, and the schema.

URIs: `argmap://schema`, `argmap://map/<map-id>.json`, `argmap://map/<map-id>.outline` and
`argmap://source/<source-id>`. The list is made afresh on every request, from the folder as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..debate import Debate
from ..errors import ArgmapError, NotFoundError
from ..quotes import SourceCache, SourceProblem
from .tools import Folder

SCHEMA_URI = "argmap://schema"
_MAP = "argmap://map/"
_SOURCE = "argmap://source/"


@dataclass(frozen=True)
class Resource:
    uri: str
    name: str
    title: str
    description: str
    mime: str


def _sources(debate: Debate) -> dict[str, tuple[str, Path, str]]:
    """Source id -> (path as declared, resolved file, title), first declaration of each id winning."""
    out: dict[str, tuple[str, Path, str]] = {}
    root = debate.root
    for m in debate:
        for source_id, source in m.sources.items():
            out.setdefault(source_id, (source.path, (root / source.path).resolve(), source.title))
    return out


def listed(folder: Folder) -> list[Resource]:
    debate = folder.debate()
    out = [
        Resource(
            SCHEMA_URI,
            "schema",
            "argmap map schema",
            "The JSON Schema (Draft 2020-12) every map file follows.",
            "application/schema+json",
        )
    ]
    for m in debate:
        out.append(
            Resource(f"{_MAP}{m.id}.json", f"{m.id}.json", m.title, f"Map '{m.id}' as stored.", "application/json")
        )
        out.append(
            Resource(
                f"{_MAP}{m.id}.outline",
                f"{m.id}.outline",
                m.title,
                f"Map '{m.id}' as outline text: one line per node, indented under the node it answers.",
                "text/plain",
            )
        )
    for source_id, (path, _, title) in _sources(debate).items():
        out.append(Resource(f"{_SOURCE}{source_id}", source_id, title, f"Source text {path}.", "text/plain"))
    return out


def read(folder: Folder, uri: str) -> tuple[str, str]:
    """The text at `uri` and its MIME type; a refusal names what is missing."""
    if uri == SCHEMA_URI:
        from ..io.schema import schema_text

        return schema_text(), "application/schema+json"
    debate = folder.debate()
    if uri.startswith(_MAP):
        name = uri.removeprefix(_MAP)
        map_id, _, suffix = name.rpartition(".")
        file = next((f for f in debate.files if f.map is not None and f.map.id == map_id), None)
        if file is not None and suffix == "json":
            return file.loaded.text or "", "application/json"
        if file is not None and suffix == "outline":
            from ..formats import export

            assert file.map is not None
            return export(file.map, "outline"), "text/plain"
    elif uri.startswith(_SOURCE):
        source_id = uri.removeprefix(_SOURCE)
        found = _sources(debate).get(source_id)
        if found is not None:
            path, resolved, _ = found
            if not resolved.is_relative_to(debate.root.resolve()):
                raise ArgmapError(f"source '{source_id}': {path} lies outside the project ({debate.root})")
            text = SourceCache().get(resolved)
            if isinstance(text, SourceProblem):
                raise ArgmapError(f"source '{source_id}': {path} {text.reason}")
            return text.text, "text/plain"
    raise NotFoundError(f"no resource {uri} in the debate in {folder.path} (resources/list lists them)")
