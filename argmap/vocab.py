"""The words argmap's library and CLI share: kinds, relations, the kind grammar, and every option's choices."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    CLAIM = "claim"
    PREMISE = "premise"
    REBUTTAL = "rebuttal"
    COUNTER_REBUTTAL = "counter-rebuttal"


class AnswerKind(StrEnum):
    """The kinds a node added under another can have (the claim stands only at the root)."""

    PREMISE = "premise"
    REBUTTAL = "rebuttal"
    COUNTER_REBUTTAL = "counter-rebuttal"


class Role(StrEnum):
    """What a node does in the debate: argue (the default), or describe and give background."""

    ARGUMENT = "argument"
    CONTEXT = "context"


class Relation(StrEnum):
    SUPPORTS = "supports"
    ATTACKS = "attacks"


class RelationKind(StrEnum):
    """What a support or an attack is more precisely, as Argdown names it (schema 3).

    `entails` refines a support between two statements; `contrary` and `contradictory` refine an
    attack between two statements (a contradiction holds both ways). Two kinds are for cross-links
    only, as a tree node says them with its own flag: `rephrase` (a support that restates its target,
    AIF's MA) and `undercut` (an attack on the inference from its target to the target's parent).
    """

    ENTAILS = "entails"
    REPHRASE = "rephrase"
    CONTRARY = "contrary"
    CONTRADICTORY = "contradictory"
    UNDERCUT = "undercut"


class TreeBearing(StrEnum):
    """The kinds of bearing a tree node's support or attack of its parent may have: a tree node says that it
    is a rephrase or an undercut with its own flag."""

    ENTAILS = "entails"
    CONTRARY = "contrary"
    CONTRADICTORY = "contradictory"


# The relation each kind refines.
KIND_REFINES: dict[RelationKind, Relation] = {
    RelationKind.ENTAILS: Relation.SUPPORTS,
    RelationKind.REPHRASE: Relation.SUPPORTS,
    RelationKind.CONTRARY: Relation.ATTACKS,
    RelationKind.CONTRADICTORY: Relation.ATTACKS,
    RelationKind.UNDERCUT: Relation.ATTACKS,
}


# The relation a node bears to its parent follows from its kind; the root claim has none.
RELATION_TO_PARENT: dict[Kind, Relation] = {
    Kind.PREMISE: Relation.SUPPORTS,
    Kind.REBUTTAL: Relation.ATTACKS,
    Kind.COUNTER_REBUTTAL: Relation.ATTACKS,
}

# Which kinds of parent each kind may hang under; a claim stands only at the root.
ALLOWED_PARENTS: dict[Kind, frozenset[Kind]] = {
    Kind.CLAIM: frozenset(),
    Kind.PREMISE: frozenset(Kind),
    Kind.REBUTTAL: frozenset({Kind.CLAIM, Kind.PREMISE}),
    Kind.COUNTER_REBUTTAL: frozenset({Kind.REBUTTAL, Kind.COUNTER_REBUTTAL}),
}


class ReportFormat(StrEnum):
    """The formats results are reported in; which a command offers is what `argmap.report` registers for its result."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    MARKDOWN = "markdown"


class ImageFormat(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    DOT = "dot"


class RankDir(StrEnum):
    TB = "TB"
    BT = "BT"
    LR = "LR"
    RL = "RL"


class TextFormat(StrEnum):
    """Text formats a map can be written in or read from."""

    OUTLINE = "outline"
    AIF = "aif"
    ARGDOWN = "argdown"
    KIALO = "kialo"
    GRAPHML = "graphml"


class Page(StrEnum):
    """The paper a diagram must stay readable on when scaled to fit (smallest text >= 7 pt)."""

    A3 = "a3"
    A4 = "a4"
    NONE = "none"


class Semantics(StrEnum):
    """Which semantics an evaluation computes: Dung's labels and extensions, or a gradual strength."""

    GROUNDED = "grounded"
    PREFERRED = "preferred"
    STABLE = "stable"
    COMPLETE = "complete"
    DFQUAD = "dfquad"
    QUADRATIC_ENERGY = "quadratic-energy"

    @property
    def gradual(self) -> bool:
        """Whether it gives each node a strength in [0, 1] (supports counting) rather than a label."""
        return self in (Semantics.DFQUAD, Semantics.QUADRATIC_ENERGY)


class SupportMode(StrEnum):
    """How a `supports` relation turns into derived attacks (Cayrol & Lagasquie-Schiex 2013)."""

    DEDUCTIVE = "deductive"
    NECESSARY = "necessary"


class Label(StrEnum):
    """An argument's status in a labelling."""

    IN = "in"
    OUT = "out"
    UNDEC = "undec"


class SearchMatch(StrEnum):
    """How a search of the sources matches: the phrase as written, or any of the words."""

    PHRASE = "phrase"
    WORDS = "words"


def plural(n: int, word: str) -> str:
    """'1 node', '2 nodes': a count in plain words, never 'node(s)'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
