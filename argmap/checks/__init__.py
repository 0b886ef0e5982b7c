"""The semantic rules beyond the schema, by topic, each yielding Issues with a stable code.

Only `argmap.debate` runs them: it builds each map's Context from the debate the map belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..errors import Issue
from ..model import ArgMap
from .context import Consulted, Context, Facts
from .grammar import duplicate_ids, empty_text, kind_grammar
from .links import links, support_cycles
from .roles import context_argues
from .sides import (
    declared_sides,
    declared_sources,
    quoted_and_attributed,
    quotes_found,
    source_files,
    speaker_spellings,
)

RULES: tuple[Callable[[Context], Iterator[Issue]], ...] = (
    empty_text,
    duplicate_ids,
    kind_grammar,
    declared_sides,
    declared_sources,
    source_files,
    quotes_found,
    links,
    context_argues,
    quoted_and_attributed,
)

# Rules over the whole debate at once, from each map's facts: each yields (map id, issue) pairs.
DebateRule = Callable[[Mapping[str, ArgMap], Callable[[ArgMap], Facts]], Iterator[tuple[str, Issue]]]
DEBATE_RULES: tuple[DebateRule, ...] = (support_cycles, speaker_spellings)

__all__ = ["DEBATE_RULES", "RULES", "Consulted", "Context", "Facts", "run", "run_debate"]


# Rules that only ever warn: a check that wants errors alone (every authoring change) skips them.
WARNING_RULES = frozenset({quoted_and_attributed})


def run(ctx: Context, errors_only: bool = False) -> list[Issue]:
    """Every rule's issues for the map of `ctx`, in rule order (only errors, when asked)."""
    issues: list[Issue] = []
    for rule in RULES:
        if errors_only:
            if rule not in WARNING_RULES:
                issues.extend(i for i in rule(ctx) if i.is_error)
        else:
            issues.extend(rule(ctx))
    return issues


def run_debate(maps: Mapping[str, ArgMap], facts_of: Callable[[ArgMap], Facts] = Facts.of) -> dict[str, list[Issue]]:
    """Every debate rule's issues, by map id."""
    out: dict[str, list[Issue]] = {}
    for rule in DEBATE_RULES:
        for map_id, issue in rule(maps, facts_of):
            out.setdefault(map_id, []).append(issue)
    return out
