"""Write a map as stable JSON: 2-space indent, keys in model order, defaults left out, trailing newline."""

from __future__ import annotations

import json

from ..model import ArgMap


def dump_map(argmap: ArgMap) -> str:
    """The text of a map file; the same map always gives the same text, so diffs stay small."""
    data = argmap.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
