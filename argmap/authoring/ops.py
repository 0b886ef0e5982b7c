"""Every authoring operation in one place to import from: each changes a Draft (see `authoring.draft`).

An operation raises ArgmapError for a request that cannot mean anything (an unknown id, a move into
its own subtree); whether the changed debate is valid is the transaction's to check, with the same rules
as `argmap validate`. They live by what they change: `values` (what the user gives), `nodes`, `moves`,
`fields` (a node's role, weight, flags and title), `links` and `declarations` (sides and sources). A
refusal names every obstacle at once (`obstacles`).
"""

from __future__ import annotations

from .declarations import (
    add_side,
    add_source,
    edit_side,
    edit_source,
    remove_side,
    remove_source,
    rename_side,
    rename_source,
)
from .draft import Draft
from .fields import NodeFields
from .links import add_link, remove_link
from .moves import Moved, move_node
from .nodes import MapRenamed, NodeEdit, add_node, edit_node, new_map, remove_node, rename_map, rename_node, subtree
from .values import check_color, check_date, check_id, check_text, check_url, find, parse_side, side_name

__all__ = [
    "Draft",
    "MapRenamed",
    "Moved",
    "NodeEdit",
    "NodeFields",
    "add_link",
    "add_node",
    "add_side",
    "add_source",
    "check_color",
    "check_date",
    "check_id",
    "check_text",
    "check_url",
    "edit_node",
    "edit_side",
    "edit_source",
    "find",
    "move_node",
    "new_map",
    "parse_side",
    "remove_link",
    "remove_node",
    "remove_side",
    "remove_source",
    "rename_map",
    "rename_node",
    "rename_side",
    "rename_source",
    "side_name",
    "subtree",
]
