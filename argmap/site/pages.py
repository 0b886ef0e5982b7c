"""The site's pages from Jinja2 templates (autoescaped): the environment, the page values, the security policy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from markupsafe import Markup

from ..model import ArgMap
from ..palette import text_colour
from ..vocab import Kind

# What the pages may load: their own scripts only (no inline script runs: the page data is a JSON block,
# which is not executed), styles from the site plus the cards' colour variables, images from the site
# and the empty icon. The static site carries it as a meta tag; `argmap serve` also sends it as a header.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
EVENTS_PATH = "/_events"

KIND_LABEL = {
    Kind.CLAIM: "Claim",
    Kind.PREMISE: "Premise",
    Kind.REBUTTAL: "Rebuttal",
    Kind.COUNTER_REBUTTAL: "Counter-rebuttal",
}
# What a grounded label says of a point, in words a reader of the debate uses.
VERDICT = {"in": "stands", "out": "falls", "undec": "undecided"}
VERDICT_TITLE = "Grounded evaluation of every attack in the debate"
STRENGTH_TITLE = (
    "DF-QuAD strength from 0 to 1: the point's weight (0.5 unless set), raised by its supporters and lowered "
    "by its attackers (argmap evaluate --semantics dfquad)"
)
UNKNOWN_FILL = "#DDDDDD"


def json_for_script(data: object) -> Markup:
    """JSON safe inside a <script> element: no `</script>` or `<!--` can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("argmap.site", "templates"),
        autoescape=True,  # every template is HTML
        undefined=StrictUndefined,  # a misspelt value is an error, not an empty string on the page
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = json_for_script
    return env


def render(template: str, *, title: str, live: bool = False, version: int = 0, prefix: str = "", **values) -> str:
    """One page: `template` under the shared skeleton (base.html)."""
    return (
        environment()
        .get_template(template)
        .render(
            title=title,
            live=live,
            version=version,
            prefix=prefix,
            csp=CONTENT_SECURITY_POLICY,
            events=EVENTS_PATH,
            **values,
        )
    )


@dataclass(frozen=True)
class BoundedNav:
    """The nav of a page in a debate of many maps (more than build.NAV_ALL_LIMIT): what it names instead of all.

    `previous`, `current` and `next` are nav entries (id, page, title) of the map page and its neighbours in
    the debate's order; `linked` those of the maps it is linked with by cross-links, `more` how many more are
    left out. The index's nav has none of them: the index lists every map itself.
    """

    total: int
    previous: dict | None = None
    current: dict | None = None
    next: dict | None = None
    linked: list[dict] = field(default_factory=list)
    more: int = 0

    @property
    def all_label(self) -> str:
        return f"All {self.total:,} maps"


@dataclass(frozen=True, slots=True)
class SideView:
    """A side as a card shows it: its name, fill, and the ink that reads on the fill (argmap.palette's one rule)."""

    id: str
    name: str
    fill: str
    ink: str


def side_view(side: str, colours: dict[str, tuple[str, str]]) -> SideView:
    name, fill = colours.get(side, (side, UNKNOWN_FILL))
    return SideView(side, name, fill, text_colour(fill))


@dataclass(frozen=True)
class Mark:
    """A word on a card's meta line (the verdict today; a later evaluation adds its own): words, never colour alone."""

    name: str
    text: str
    css: str
    title: str = ""


def verdict_marks(label: str | None) -> list[Mark]:
    if label is None:
        return []
    return [Mark("verdict", VERDICT[label], f"verdict v-{label}", VERDICT_TITLE)]


def strength_marks(strength: float | None) -> list[Mark]:
    if strength is None:
        return []
    return [Mark("strength", f"strength {strength:.2f}", "strength", STRENGTH_TITLE)]


@dataclass(slots=True)
class NodeRow:
    """One node of the tree as the map page writes it.

    `data` pairs become `data-NAME="value"` attributes of the node (the grounded label today: a later
    evaluation appends its own), `marks` the words on its card's meta line.
    """

    id: str
    kind: str
    kind_label: str
    side: SideView
    level: int
    text: str
    speaker: str | None
    children: bool
    expanded: str
    links: int
    close: Markup
    data: list[tuple[str, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


_CLOSE_ITEM = "</li>"
_CLOSE_GROUP = "</ul></li>"


def tree_rows(
    m: ArgMap,
    colours: dict[str, tuple[str, str]],
    links_out: dict[str, int],
    fold_depth: int | None,
    labels: dict[str, str],
    strengths: dict[str, float] | None = None,
) -> tuple[list[NodeRow], Markup]:
    """The claim tree as flat rows, each with the closing tags before it (iterative: no depth exhausts the stack).

    Returns the rows and the tags that close the tree after the last row.
    """
    rows: list[NodeRow] = []
    sides: dict[str, SideView] = {}  # one view per side, not one per node
    open_items: list[tuple[int, bool]] = []  # (depth, has an open group) of each <li> not yet closed
    for node, _parent, _pointer, depth in m.walk():
        closing: list[str] = []
        while open_items and open_items[-1][0] >= depth:
            closing.append(_CLOSE_GROUP if open_items.pop()[1] else _CLOSE_ITEM)
        name = f"{m.id}:{node.id}"
        label = labels.get(name)
        strength = strengths.get(name) if strengths is not None else None
        children = bool(node.children)
        rows.append(
            NodeRow(
                id=node.id,
                kind=node.kind.value,
                kind_label=KIND_LABEL[node.kind],
                side=sides.get(node.side) or sides.setdefault(node.side, side_view(node.side, colours)),
                level=depth + 1,
                text=node.text,
                speaker=node.speaker,
                children=children,
                expanded="false" if fold_depth is not None and depth >= fold_depth else "true",
                links=links_out.get(node.id, 0),
                # Only argmap's own closing tags: no user text reaches this markup.
                close=Markup("".join(closing)),
                data=([("label", label)] if label else [])
                + ([("strength", f"{strength:.4f}")] if strength is not None else []),
                marks=verdict_marks(label) + strength_marks(strength),
            )
        )
        open_items.append((depth, children))
    end = "".join(_CLOSE_GROUP if has_group else _CLOSE_ITEM for _, has_group in reversed(open_items))
    return rows, Markup(end)
