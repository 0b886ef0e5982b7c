"""Authoring commands: new, add, edit, move, remove, rename, show, and the side and source groups."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..report import format_choices
from ..tree import MapTree
from ..vocab import AnswerKind, Kind, Role, Semantics, TreeBearing, plural
from .app import app, command, say

if TYPE_CHECKING:
    from ..vocab import ReportFormat as TreeFormat
else:
    TreeFormat = format_choices(MapTree)

MapArg = Annotated[Path, typer.Argument(metavar="MAP", help="The map file.")]
SpeakerOpt = Annotated[str | None, typer.Option(help="Who said it, with the title the source gives ('' removes it).")]
SourceOpt = Annotated[str | None, typer.Option(help="Id of the declared source quoted.")]
QuoteOpt = Annotated[str | None, typer.Option(help="The verbatim passage (checked against the source).")]
Links = list[str] | None
# A node's fields beyond its words and place, the same on `add` and `edit`.
RoleOpt = Annotated[
    Role | None,
    typer.Option(
        help="argument (the default; clears the field) or context: the node describes or gives background, "
        "and takes no part in evaluation."
    ),
]
WeightOpt = Annotated[
    float | None,
    typer.Option(metavar="W", help="Its base score in gradual evaluation, from 0 to 1 (absent: 0.5)."),
]
UndercutOpt = Annotated[
    bool | None,
    typer.Option(
        "--undercut/--no-undercut",
        help="A rebuttal or counter-rebuttal that attacks the inference from its parent to what the parent "
        "answers, not the parent itself.",
    ),
]
RephraseOpt = Annotated[
    bool | None, typer.Option("--rephrase/--no-rephrase", help="A premise that restates its parent in other words.")
]
GroupOpt = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Linked premises: premises of one parent in one group support it only together ('' removes it).",
    ),
]
TitleOpt = Annotated[
    str | None, typer.Option(help="The name the node goes by, as in a file it was imported from ('' removes it).")
]
BearingKindOpt = Annotated[
    TreeBearing | None,
    typer.Option(
        "--bearing-kind",
        help="How it bears on its parent: entails (a premise), contrary or contradictory (a rebuttal or "
        "counter-rebuttal). An undercut or a rephrase is said with --undercut or --rephrase.",
    ),
]
SchemeOpt = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="The inference or conflict scheme of its bearing on its parent (AIF), e.g. 'Argument From Expert "
        "Opinion' ('' removes it).",
    ),
]
LockOpt = Annotated[
    float,
    typer.Option(
        "--lock-timeout", min=0, help="Seconds to wait for another argmap command changing this debate folder."
    ),
]
DEFAULT_WAIT = 10.0


def _change(path: Path, operation, lock_timeout: float):
    from ..authoring.store import change

    return change(path, operation, lock_timeout=lock_timeout)


@command()
def new(
    path: Annotated[Path, typer.Argument(help="The map file to create (refused if it exists).")],
    title: Annotated[str, typer.Option(help="Title of the map.")],
    claim: Annotated[str, typer.Option(help="Text of the root claim.")],
    side: Annotated[
        list[str],
        typer.Option(metavar="ID=NAME", help="A side as ID or ID=NAME; repeat for more. The first holds the claim."),
    ],
    description: Annotated[str | None, typer.Option(help="What the map covers.")] = None,
    map_id: Annotated[str | None, typer.Option("--id", help="Map id (default: the file name).")] = None,
    claim_id: Annotated[str | None, typer.Option(help="Id of the claim (default: made from its text).")] = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Start a new map: a root claim and its sides."""
    from ..authoring import new_map_file

    m = new_map_file(
        path, title, claim, side, description=description, map_id=map_id, claim_id=claim_id, lock_timeout=lock_timeout
    )
    say(f"created {path} with claim '{m.claim.id}'")


@command()
def add(
    path: MapArg,
    parent: Annotated[str, typer.Argument(help="Id of the node this one answers.")],
    kind: Annotated[AnswerKind, typer.Option(help="premise, rebuttal or counter-rebuttal.")],
    side: Annotated[str, typer.Option(help="Id of a declared side.")],
    text: Annotated[str, typer.Option(help="The point, paraphrasing its quote.")],
    node_id: Annotated[str | None, typer.Option("--id", help="Node id (default: made from the text).")] = None,
    speaker: SpeakerOpt = None,
    source: SourceOpt = None,
    quote: QuoteOpt = None,
    supports: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Cross-link: a node this one supports (repeat).")
    ] = None,
    attacks: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Cross-link: a node this one attacks (repeat).")
    ] = None,
    role: RoleOpt = None,
    weight: WeightOpt = None,
    undercut: UndercutOpt = None,
    rephrase: RephraseOpt = None,
    group: GroupOpt = None,
    title: TitleOpt = None,
    bearing_kind: BearingKindOpt = None,
    scheme: SchemeOpt = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Add a node under PARENT and print its id."""
    from ..authoring.ops import NodeFields, add_node

    operation = partial(
        add_node,
        parent_id=parent,
        kind=Kind(kind.value),
        side=side,
        text=text,
        node_id=node_id,
        speaker=speaker,
        source=source,
        quote=quote,
        supports=supports,
        attacks=attacks,
        fields=NodeFields(
            role=role,
            weight=weight,
            undercut=undercut,
            rephrase=rephrase,
            group=group,
            title=title,
            bearing_kind=bearing_kind,
            scheme=scheme,
        ),
    )
    say(_change(path, operation, lock_timeout))


@command()
def edit(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to change.")],
    text: Annotated[str | None, typer.Option(help="New text.")] = None,
    side: Annotated[str | None, typer.Option(help="New side id.")] = None,
    speaker: SpeakerOpt = None,
    source: SourceOpt = None,
    quote: QuoteOpt = None,
    no_quote: Annotated[bool, typer.Option("--no-quote", help="Drop the node's quote.")] = False,
    kind: Annotated[Kind | None, typer.Option(help="New kind (with --parent, at the new place).")] = None,
    parent: Annotated[str | None, typer.Option(help="Move the node under this parent.")] = None,
    add_supports: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Add a supports cross-link (repeat).")
    ] = None,
    remove_supports: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Remove a supports cross-link (repeat).")
    ] = None,
    add_attacks: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Add an attacks cross-link (repeat).")
    ] = None,
    remove_attacks: Annotated[
        Links, typer.Option(metavar="[MAP:]NODE", help="Remove an attacks cross-link (repeat).")
    ] = None,
    role: RoleOpt = None,
    weight: WeightOpt = None,
    no_weight: Annotated[bool, typer.Option("--no-weight", help="Drop the node's weight (back to 0.5).")] = False,
    undercut: UndercutOpt = None,
    rephrase: RephraseOpt = None,
    group: GroupOpt = None,
    title: TitleOpt = None,
    bearing_kind: BearingKindOpt = None,
    no_bearing_kind: Annotated[
        bool, typer.Option("--no-bearing-kind", help="Drop its bearing's kind (its scheme stays).")
    ] = False,
    scheme: SchemeOpt = None,
    no_bearing: Annotated[
        bool,
        typer.Option(
            "--no-bearing",
            help="Drop its whole bearing: kind, scheme, and its place in a premise-conclusion structure.",
        ),
    ] = False,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Change a node: text, side, speaker, quote, kind, parent, cross-links, role, weight, flags, title, bearing."""
    from ..authoring.ops import NodeEdit, edit_node

    change = NodeEdit(
        text=text,
        side=side,
        speaker=speaker,
        source=source,
        quote=quote,
        no_quote=no_quote,
        kind=kind,
        parent=parent,
        add_supports=add_supports or [],
        remove_supports=remove_supports or [],
        add_attacks=add_attacks or [],
        remove_attacks=remove_attacks or [],
        role=role,
        weight=weight,
        no_weight=no_weight,
        undercut=undercut,
        rephrase=rephrase,
        group=group,
        title=title,
        bearing_kind=bearing_kind,
        no_bearing_kind=no_bearing_kind,
        scheme=scheme,
        no_bearing=no_bearing,
    )
    changed = _change(path, partial(edit_node, node_id=node, change=change), lock_timeout)
    say(f"edited '{node}'" if changed else f"'{node}' already is as asked; nothing to change")


@command()
def move(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to move (with its subtree).")],
    new_parent: Annotated[
        str,
        typer.Argument(
            metavar="[MAP:]PARENT",
            help="Its new parent: an id in this map, or MAP:ID in another map of the debate (the subtree moves "
            "there, its sides and sources declared there where needed, every link rewritten).",
        ),
    ],
    kind: Annotated[
        AnswerKind | None, typer.Option(help="Its kind at the new place (default: the kind it has).")
    ] = None,
    before: Annotated[str | None, typer.Option(help="Place it before this sibling.")] = None,
    after: Annotated[str | None, typer.Option(help="Place it after this sibling.")] = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Move a node and its subtree under another parent, in this map or another (refuses cycles, kind misfits)."""
    from ..authoring.ops import move_node

    new = Kind(kind.value) if kind is not None else None
    operation = partial(move_node, node_id=node, new_parent_id=new_parent, kind=new, before=before, after=after)
    say(_change(path, operation, lock_timeout).summary())


@command()
def remove(
    path: MapArg,
    node: Annotated[str, typer.Argument(help="Id of the node to remove.")],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Also remove the nodes below it.")] = False,
    unlink: Annotated[
        bool, typer.Option(help="Also remove cross-links to removed nodes, in every map of the debate.")
    ] = False,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Remove a node (refuses one with children unless --recursive, or one linked to unless --unlink)."""
    from ..authoring.ops import remove_node

    removed = _change(path, partial(remove_node, node_id=node, recursive=recursive, unlink=unlink), lock_timeout)
    say(f"removed {', '.join(repr(r) for r in removed)}")


@command()
def rename(
    path: MapArg,
    old: Annotated[str | None, typer.Argument(help="The node's id now.")] = None,
    new: Annotated[str | None, typer.Argument(help="Its new id.")] = None,
    map_id: Annotated[
        str | None,
        typer.Option(
            "--map", metavar="NEW", help="Rename the map's id instead (and its file, when named after the id)."
        ),
    ] = None,
    keep_file: Annotated[
        bool, typer.Option("--keep-file", help="With --map: keep the file's name even when it is the old id.")
    ] = False,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Rename a node id (or with --map the map id, and its file), rewriting every link to it in the debate."""
    from ..authoring.ops import rename_map, rename_node
    from ..errors import UsageError

    if map_id is not None:
        if old is not None:
            raise UsageError("give either OLD NEW (a node) or --map NEW (the map), not both")
        renamed = _change(path, partial(rename_map, new=map_id, file=not keep_file), lock_timeout)
        say(renamed.summary() if renamed else f"the map is already '{map_id}'; nothing to change")
        return
    if keep_file:
        raise UsageError("--keep-file goes with --map (a node has no file)")
    if old is None or new is None:
        raise UsageError("give OLD and NEW node ids, or --map NEW to rename the map")
    changed = _change(path, partial(rename_node, old=old, new=new), lock_timeout)
    say(f"renamed '{old}' to '{new}'" if changed else f"'{old}' is already so named; nothing to change")


@command()
def show(
    path: MapArg,
    depth: Annotated[int | None, typer.Option(min=0, help="Show nodes down to this depth (the claim is 0).")] = None,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour (default: when the terminal supports it).")
    ] = None,
    evaluate: Annotated[
        bool,
        typer.Option("--evaluate", help="Print each node's verdict (stands, falls, undecided) beside it."),
    ] = False,
    semantics: Annotated[
        Semantics | None,
        typer.Option(
            help="With --evaluate: which semantics (see argmap evaluate; default grounded); dfquad shows strengths."
        ),
    ] = None,
    fmt: Annotated[
        TreeFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: the indented tree; json: each node with its links out and in (with --evaluate, its "
            "verdict as `mark` or its strength).",
        ),
    ] = TreeFormat.TEXT,
) -> None:
    """Print a map as an indented tree: kind, id, side, text, and the links out of and into each node."""
    from ..errors import UsageError
    from ..report import render
    from ..report.tree import wants_colour
    from ..tree import map_tree

    colour = wants_colour(sys.stdout) if color is None else color
    if semantics is not None and not evaluate:
        raise UsageError("--semantics says how --evaluate weighs the debate; give --evaluate with it")
    chosen = semantics or Semantics.GROUNDED
    if evaluate and fmt == "text":
        from ..report.evaluation_text import evaluated_tree
        from ..terminal import terminal

        typer.echo(terminal("\n".join(evaluated_tree(path, depth, colour, chosen)), colour), color=colour)
        return
    if evaluate:
        from ..report.evaluation_text import evaluated_map_tree

        tree = evaluated_map_tree(path, depth, chosen)
    else:
        tree = map_tree(path, depth, colour=colour and fmt == "text")
    typer.echo(render(fmt, tree), nl=False, color=colour)


side_app = typer.Typer(help="Declare and change the sides of a map.", no_args_is_help=True)
source_app = typer.Typer(help="Declare and change the source documents of a map.", no_args_is_help=True)
app.add_typer(side_app, name="side")
app.add_typer(source_app, name="source")

NameOpt = Annotated[str | None, typer.Option(help="Display name.")]
DescOpt = Annotated[str | None, typer.Option(help="A sentence saying what it is ('' removes it).")]
ColorOpt = Annotated[str | None, typer.Option(help="Fill colour #RRGGBB (default: the palette; '' removes it).")]


@command(side_app, "add")
def side_add(
    path: MapArg,
    side_id: Annotated[str, typer.Argument(metavar="SIDE", help="Id of the side, e.g. united-states.")],
    name: NameOpt = None,
    description: DescOpt = None,
    color: ColorOpt = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Declare a side: argmap side add MAP ID --name NAME."""
    from ..authoring.ops import add_side

    operation = partial(add_side, side_id=side_id, name=name, description=description, color=color)
    _change(path, operation, lock_timeout)
    say(f"declared side '{side_id}'")


@command(side_app, "edit")
def side_edit(
    path: MapArg,
    side_id: Annotated[str, typer.Argument(metavar="SIDE", help="Id of the side.")],
    name: NameOpt = None,
    description: DescOpt = None,
    color: ColorOpt = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Change a side's name, description or colour."""
    from ..authoring.ops import edit_side

    operation = partial(edit_side, side_id=side_id, name=name, description=description, color=color)
    changed = _change(path, operation, lock_timeout)
    say(f"edited side '{side_id}'" if changed else f"side '{side_id}' already is as asked; nothing to change")


@command(side_app, "rename")
def side_rename(
    path: MapArg,
    old: Annotated[str, typer.Argument(help="The side's id now.")],
    new: Annotated[str, typer.Argument(help="Its new id.")],
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Rename a side and every node that names it."""
    from ..authoring.ops import rename_side

    count = _change(path, partial(rename_side, old=old, new=new), lock_timeout)
    say(f"renamed side '{old}' to '{new}' ({plural(count, 'node')})" if count is not None else "nothing to change")


@command(side_app, "remove")
def side_remove(
    path: MapArg,
    side_id: Annotated[str, typer.Argument(metavar="SIDE", help="Id of the side.")],
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Remove a side that no node names."""
    from ..authoring.ops import remove_side

    _change(path, partial(remove_side, side_id=side_id), lock_timeout)
    say(f"removed side '{side_id}'")


@command(source_app, "add")
def source_add(
    path: MapArg,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="Id of the source, e.g. guide.")],
    source_path: Annotated[str, typer.Option("--path", help="Path of the text, relative to the project root.")],
    title: Annotated[str, typer.Option(help="Title of the document.")],
    date: Annotated[str, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")],
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published.")] = None,
    description: Annotated[str | None, typer.Option(help="What the document is.")] = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Declare a source document: argmap source add MAP ID --path P --title T --date D."""
    from ..authoring.ops import add_source

    operation = partial(
        add_source,
        source_id=source_id,
        path=source_path,
        title=title,
        date=date,
        publisher=publisher,
        url=url,
        description=description,
    )
    _change(path, operation, lock_timeout)
    say(f"declared source '{source_id}'")


@command(source_app, "edit")
def source_edit(
    path: MapArg,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="Id of the source.")],
    source_path: Annotated[str | None, typer.Option("--path", help="New path, relative to the project root.")] = None,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    date: Annotated[str | None, typer.Option(help="New date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it ('' removes it).")] = None,
    url: Annotated[str | None, typer.Option(help="Where it was published ('' removes it).")] = None,
    description: DescOpt = None,
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Change a source's path, title, date, publisher, url or description."""
    from ..authoring.ops import edit_source

    operation = partial(
        edit_source,
        source_id=source_id,
        path=source_path,
        title=title,
        date=date,
        publisher=publisher,
        url=url,
        description=description,
    )
    changed = _change(path, operation, lock_timeout)
    say(f"edited source '{source_id}'" if changed else f"source '{source_id}' already is as asked; nothing to change")


@command(source_app, "rename")
def source_rename(
    path: MapArg,
    old: Annotated[str, typer.Argument(help="The source's id now.")],
    new: Annotated[str, typer.Argument(help="Its new id.")],
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Rename a source and every quote that cites it."""
    from ..authoring.ops import rename_source

    count = _change(path, partial(rename_source, old=old, new=new), lock_timeout)
    say(f"renamed source '{old}' to '{new}' ({plural(count, 'quote')})" if count is not None else "nothing to change")


@command(source_app, "remove")
def source_remove(
    path: MapArg,
    source_id: Annotated[str, typer.Argument(metavar="SOURCE", help="Id of the source.")],
    lock_timeout: LockOpt = DEFAULT_WAIT,
) -> None:
    """Remove a source that no quote cites."""
    from ..authoring.ops import remove_source

    _change(path, partial(remove_source, source_id=source_id), lock_timeout)
    say(f"removed source '{source_id}'")
