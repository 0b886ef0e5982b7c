"""The map format as pydantic models: ArgMap, Node, Side, Source, Quote; structural rules only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic.types import JsonValue

from .ids import split_link
from .vocab import ALLOWED_PARENTS, KIND_REFINES, RELATION_TO_PARENT, Kind, Relation, RelationKind, Role

# The grammar's words are re-exported: a map's users read them beside the model.
__all__ = [
    "ALLOWED_PARENTS",
    "RELATION_TO_PARENT",
    "ArgMap",
    "Bearing",
    "Edge",
    "InferenceStep",
    "Kind",
    "Node",
    "Quote",
    "Relation",
    "RelationKind",
    "Role",
    "Side",
    "Source",
    "Visit",
    "split_link",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# A link names a node of the same map ("node-id") or of another map in the debate ("map-id:node-id").
LINK_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9_.-]*:)?[A-Za-z0-9][A-Za-z0-9_.-]*$"
COLOR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"

# Deeper trees are refused before modelling: pydantic's recursion guard stops at 254 nested models.
MAX_DEPTH = 200

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Link = Annotated[str, StringConstraints(pattern=LINK_PATTERN)]
# Constraints go on the type, not on the optional field: pydantic cannot place a field's own constraints
# inside `X | None`, and writes them into the JSON Schema as keywords no validator knows ("ge", "le"), or
# drops them (a pattern), so editors let through what argmap refuses.
Color = Annotated[str, StringConstraints(pattern=COLOR_PATTERN)]
Date = Annotated[str, StringConstraints(pattern=DATE_PATTERN)]
Weight = Annotated[float, Field(ge=0, le=1)]
Number = Annotated[int, Field(ge=1)]


class _Strict(BaseModel):
    """Base of every model: unknown keys are refused, and so is null (optional means absent)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            key = next(k for k, v in data.items() if v is None)
            raise ValueError(f"'{key}' is null; leave an optional key out instead")
        return data


# Default factories are functions of argmap's own: pydantic reads a factory's signature, and the builtins'
# (list, dict) are read from text through the tokenizer, 1.5 ms of every start.
def _no_items() -> list[Any]:
    return []


def _no_entries() -> dict[str, Any]:
    return {}


def _opt(description: str, **kw):
    """An optional field: absent in JSON when unset, never null."""
    return Field(None, description=description, **kw)


class Side(_Strict):
    """A party to the debate (a state, an alliance, an analyst, the document's own voice)."""

    name: str = Field(description="Display name of the side, as the sources name it.")
    description: str | SkipJsonSchema[None] = _opt("Who the side is, in a sentence.")
    color: Color | SkipJsonSchema[None] = _opt(
        "Fill colour for diagrams as #RRGGBB; by default a colour-blind-safe palette."
    )


class Source(_Strict):
    """A source document that quotes are taken from."""

    path: str = Field(description="Path of the document's plain text, relative to the project root (e.g. seeds/x.txt).")
    title: str = Field(description="Title of the document.")
    date: Date | SkipJsonSchema[None] = _opt(
        "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; left out (schema 3) when the document does not say it, "
        "as for the analysed text of an AIF file."
    )
    publisher: str | SkipJsonSchema[None] = _opt("Who published the document.")
    url: str | SkipJsonSchema[None] = _opt("Where the document was published.")
    description: str | SkipJsonSchema[None] = _opt("What the document is, in a sentence.")


class Quote(_Strict):
    """A verbatim passage of a source that backs a node."""

    source: Id = Field(description="Id of a source declared in the map's `sources`.")
    text: str = Field(
        description="The passage, verbatim; typographic and straight quotes and runs of white space "
        "are treated as equal when it is matched against the source."
    )


class InferenceStep(_Strict):
    """The inference line of a premise-conclusion structure (Argdown `-- rule {data} --`), above a conclusion."""

    rules: list[str] = Field(default_factory=_no_items, description="The inference rules it names, in order.")
    data: dict[str, Any] | SkipJsonSchema[None] = _opt("The line's data block, as the file gave it.")


class Bearing(_Strict):
    """How a support or attack is meant beyond its direction (schema 3): what Argdown and AIF say of it."""

    kind: RelationKind | SkipJsonSchema[None] = _opt(
        "entails or rephrase (supports), contrary, contradictory or undercut (attacks); rephrase and "
        "undercut only for cross-links (a tree node has its own flags)."
    )
    scheme: str | SkipJsonSchema[None] = _opt(
        "The name of the inference or conflict scheme (AIF), e.g. 'Argument From Expert Opinion'."
    )
    group: Id | SkipJsonSchema[None] = _opt(
        "For a cross-link support only: the linked premises of its target it belongs to (the target's "
        "children with this `group`), so a premise placed elsewhere still supports together with them."
    )
    pcs: Number | SkipJsonSchema[None] = _opt(
        "For a support of an argument by a statement, or of a statement by an argument: the statement's "
        "number in the argument's premise-conclusion structure (Argdown `(n)`)."
    )
    inference: InferenceStep | SkipJsonSchema[None] = _opt(
        "For a numbered conclusion (`pcs`): the inference line above it."
    )


# The kind rules of `group`, `rephrase` and `undercut`, in the schema too, so editors flag them as well.
_FLAG_RULES: list[JsonValue] = [
    {
        "if": {"required": ["kind"], "properties": {"kind": {"not": {"const": "premise"}}}},
        "then": {"properties": {"group": False, "rephrase": False}},
    },
    {
        "if": {"required": ["kind"], "properties": {"kind": {"enum": ["claim", "premise"]}}},
        "then": {"properties": {"undercut": False}},
    },
]


class Node(_Strict):
    """A claim, premise, rebuttal or counter-rebuttal; its relation to its parent follows from its kind."""

    model_config = ConfigDict(json_schema_extra={"allOf": _FLAG_RULES})

    id: Id = Field(description="Identifier of the node, unique within the map.")
    kind: Kind = Field(
        description="claim (the root), premise (supports its parent), rebuttal (attacks a claim or "
        "premise) or counter-rebuttal (attacks a rebuttal or counter-rebuttal)."
    )
    side: Id = Field(description="Id of the side that holds this point, declared in `sides`.")
    speaker: str | SkipJsonSchema[None] = _opt("Who said it, with the title the source gives.")
    text: str = Field(description="The point made, paraphrasing the quote faithfully.")
    quote: Quote | SkipJsonSchema[None] = _opt("The verbatim passage of a source that backs this node.")
    supports: list[Link] = Field(
        default_factory=_no_items,
        description="Cross-links: ids of other nodes this node supports ('node' or 'map:node').",
    )
    attacks: list[Link] = Field(
        default_factory=_no_items,
        description="Cross-links: ids of other nodes this node attacks ('node' or 'map:node').",
    )
    group: Id | SkipJsonSchema[None] = _opt(
        "Linked premises (schema 2): premises of one parent that share a group support it only together, "
        "as one inference (AIF: one RA node with several premises; Argdown: co-premises)."
    )
    undercut: bool | SkipJsonSchema[None] = _opt(
        "Undercut (schema 2): this rebuttal or counter-rebuttal attacks the inference from its parent to "
        "what the parent answers, not the parent itself."
    )
    rephrase: bool | SkipJsonSchema[None] = _opt(
        "Rephrase (schema 2): this premise restates its parent in other words (AIF: an MA node) rather "
        "than giving a reason for it."
    )
    role: Role | SkipJsonSchema[None] = _opt(
        "Role (schema 3): 'context' marks a node that describes or gives background rather than argues; it "
        "is drawn and quoted like any other but takes no part in evaluation. Absent means 'argument'."
    )
    weight: Weight | SkipJsonSchema[None] = _opt(
        "Weight (schema 3): the base score of this node in gradual evaluation, from 0 to 1 (default 0.5)."
    )
    title: str | SkipJsonSchema[None] = _opt(
        "Title (schema 3): the name the node goes by in the file it came from (Argdown's `[title]` or `<title>`)."
    )
    argument: bool | SkipJsonSchema[None] = _opt(
        "Argument (schema 3): the node stands for an argument (Argdown `<title>`), the reasoning of the "
        "premises that support it, rather than for a statement."
    )
    data: dict[str, Any] | SkipJsonSchema[None] = _opt(
        "Data (schema 3): what the file it came from says of the node beyond argmap's keys (Argdown's "
        "`{...}` block), kept as it was given."
    )
    bearing: Bearing | SkipJsonSchema[None] = _opt(
        "Bearing (schema 3): how this node's support or attack of its parent is meant: its kind, scheme, "
        "and its place in an argument's premise-conclusion structure."
    )
    bearings: dict[Link, list[Bearing]] | SkipJsonSchema[None] = _opt(
        "Bearings (schema 3): the same for cross-links, keyed by the link as written in `supports` or `attacks`: "
        "one bearing per relation the link stands for (AIF may join two statements by several inferences, "
        "each in its own linked group).",
    )
    children: list[Node] = Field(
        default_factory=_no_items,
        description="Nodes that answer this one: premises support it, rebuttals and counter-rebuttals attack it.",
    )

    @model_validator(mode="after")
    def _relation_flags(self) -> Node:
        if self.group is None and self.rephrase is None and self.undercut is None and self.bearing is None:
            if self.bearings is None:
                return self  # the common node: nothing to check
        # group and rephrase qualify a support, undercut an attack; anything else would be silently meaningless.
        if (self.group is not None or self.rephrase) and self.kind is not Kind.PREMISE:
            raise ValueError(f"node '{self.id}': 'group' and 'rephrase' are for premises, not a {self.kind.value}")
        if self.undercut and self.kind not in (Kind.REBUTTAL, Kind.COUNTER_REBUTTAL):
            raise ValueError(
                f"node '{self.id}': 'undercut' is for rebuttals and counter-rebuttals, not a {self.kind.value}"
            )
        if self.bearing is not None:
            relation = RELATION_TO_PARENT.get(self.kind)
            if relation is None:
                raise ValueError(f"node '{self.id}': the claim bears on no parent, so it has no 'bearing'")
            if self.bearing.group is not None:
                raise ValueError(f"node '{self.id}': a tree node's linked premises are its 'group', not its bearing's")
            if self.bearing.kind is RelationKind.UNDERCUT or self.bearing.kind is RelationKind.REPHRASE:
                flag = self.bearing.kind.value
                raise ValueError(f"node '{self.id}': a tree node says its {flag} with '{flag}: true'")
            bearing_fits(self.id, "its parent", self.bearing, relation)
        for link, bearings in (self.bearings or {}).items():
            supports, attacks = link in self.supports, link in self.attacks
            if supports == attacks:
                where = "both its supports and its attacks" if supports else "neither its supports nor its attacks"
                raise ValueError(f"node '{self.id}': 'bearings' names '{link}', which is in {where}")
            if not bearings:
                raise ValueError(f"node '{self.id}': 'bearings' of '{link}' is empty; leave the key out instead")
            for bearing in bearings:
                bearing_fits(self.id, f"'{link}'", bearing, Relation.SUPPORTS if supports else Relation.ATTACKS)
        return self

    @property
    def relation(self) -> Relation | None:
        """How this node bears on its parent (None for the root claim)."""
        return RELATION_TO_PARENT.get(self.kind)


def bearing_fits(node: str, target: str, bearing: Bearing, relation: Relation) -> None:
    """A bearing refines the relation it qualifies: an attack is not an entailment, a support not a contrary."""
    if bearing.kind is not None and KIND_REFINES[bearing.kind] is not relation:
        raise ValueError(f"node '{node}': its {relation.value[:-1]} of {target} cannot be '{bearing.kind.value}'")
    if relation is Relation.ATTACKS and (bearing.pcs is not None or bearing.group is not None):
        raise ValueError(f"node '{node}': its attack of {target} has no place in linked premises or a pcs")
    if bearing.inference is not None and bearing.pcs is None:
        raise ValueError(f"node '{node}': an 'inference' belongs to a numbered conclusion ('pcs')")


class Visit(NamedTuple):
    node: Node
    parent: Node | None
    pointer: str
    depth: int


class Edge(NamedTuple):
    """A support or attack between two nodes; `target` is a link ('node' or 'map:node')."""

    source: str
    target: str
    relation: Relation
    crosslink: bool
    pointer: str


def _no_undercut_under_claim_schema(schema: dict[str, Any]) -> None:
    # The claim answers nothing, so its children have no inference to undercut.
    schema["properties"]["claim"]["properties"] = {"children": {"items": {"properties": {"undercut": False}}}}


class ArgMap(_Strict):
    """One demand or thesis of a debate, modelled as a claim tree."""

    model_config = ConfigDict(json_schema_extra=_no_undercut_under_claim_schema)

    schema_uri: str | SkipJsonSchema[None] = _opt(
        "Path or URL of the argmap JSON Schema, so editors validate and complete as you type.",
        alias="$schema",
    )
    id: Id = Field(description="Identifier of the map, unique within the debate.")
    title: str = Field(description="Title of the map, shown above its diagram.")
    description: str | SkipJsonSchema[None] = _opt("What the map covers, in a sentence or two.")
    sides: dict[Id, Side] = Field(description="The sides of the debate, by id.")
    sources: dict[Id, Source] = Field(default_factory=_no_entries, description="The source documents quoted, by id.")
    claim: Node = Field(description="The root claim: the demand or thesis the map is about.")

    _path: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _no_undercut_under_claim(self) -> ArgMap:
        # The claim answers nothing, so there is no inference from it to undercut.
        for child in self.claim.children:
            if child.undercut:
                raise ValueError(
                    f"node '{child.id}': an undercut needs a parent that answers another node, not the claim"
                )
        return self

    @property
    def path(self) -> Path | None:
        """The file this map was loaded from, if any."""
        return self._path

    @classmethod
    def from_file(cls, data: Any, path: Path | None) -> ArgMap:
        """Model the data read from `path`; the map remembers where it came from."""
        argmap = cls.model_validate(data)
        argmap._path = path
        return argmap

    def at_path(self, path: Path | None) -> ArgMap:
        """This map, remembering `path` as its file (for a map made in memory and about to be written)."""
        self._path = path
        return self

    def walk(self) -> Iterator[Visit]:
        """Every node in document order with its parent, JSON pointer and depth (iterative)."""
        # Made with tuple.__new__: the NamedTuple's own constructor is a Python call, a third of a walk's cost.
        new = tuple.__new__
        stack: list[Visit] = [new(Visit, (self.claim, None, "/claim", 0))]
        pop, push = stack.pop, stack.append
        while stack:
            visit = pop()
            yield visit
            node = visit[0]
            children = node.children
            if children:
                pointer, depth = visit[2], visit[3] + 1
                for index in range(len(children) - 1, -1, -1):
                    push(new(Visit, (children[index], node, f"{pointer}/children/{index}", depth)))

    def edges(self, visits: Iterable[Visit] | None = None) -> Iterator[Edge]:
        """Tree relations (child to parent) and cross-links, in document order.

        Pass the visits of an earlier walk to avoid walking the tree again.
        """
        for node, parent, pointer, _ in self.walk() if visits is None else visits:
            if parent is not None and node.relation is not None:
                yield Edge(node.id, parent.id, node.relation, False, pointer)
            for index, target in enumerate(node.supports):
                yield Edge(node.id, target, Relation.SUPPORTS, True, f"{pointer}/supports/{index}")
            for index, target in enumerate(node.attacks):
                yield Edge(node.id, target, Relation.ATTACKS, True, f"{pointer}/attacks/{index}")

    def linked_maps(self) -> set[str]:
        """Ids of the other maps this map's cross-links name."""
        out = set()
        for node, *_ in self.walk():
            for link in (*node.supports, *node.attacks):
                map_id, _ = split_link(link)
                if map_id is not None and map_id != self.id:
                    out.add(map_id)
        return out

    def find(self, node_id: str) -> Visit | None:
        for visit in self.walk():
            if visit.node.id == node_id:
                return visit
        return None
