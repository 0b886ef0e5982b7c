"""Dung's argumentation semantics over a debate: which arguments stand once every attack is weighed."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from ..errors import UsageError
from ..perf import gc_paused
from ..vocab import Label, Semantics, SupportMode
from .extensions import Extensions, extensions
from .framework import Framework, from_maps
from .grounded import Step, explain, grounded

_WORDS = (Label.UNDEC, Label.IN, Label.OUT)

__all__ = ["Evaluation", "Framework", "Step", "evaluate", "evaluate_framework", "from_maps"]


class Evaluation:
    """The result of evaluating a debate: the grounded labelling, and for the other semantics the extensions.

    `labels` maps every argument ('map:node') to `in`, `out` or `undec` under grounded semantics (for every
    semantics: it is what `explain` explains). For preferred, stable and complete, `extensions` lists each
    extension's arguments, `credulous` the arguments in at least one, `sceptical` those in all of them
    (none when there is no extension, as can happen under stable semantics).
    """

    def __init__(self, framework: Framework, semantics: Semantics, support: SupportMode | None):
        self.framework = framework
        self.semantics = semantics
        self.support = support
        with gc_paused():
            self._label, self._why = grounded(framework)
            real = framework.real
            names = framework.names if real == len(framework.names) else framework.names[:real]
            words = map(_WORDS.__getitem__, self._label if real == len(self._label) else self._label[:real])
            # The nodes of the maps only: the auxiliary arguments of undercuts are the framework's business.
            self.labels: dict[str, Label] = dict(zip(names, words, strict=True))
        self._extensions: Extensions | None = None
        if semantics is not Semantics.GROUNDED:
            self._extensions = extensions(framework, self._label, semantics)

    @cached_property
    def extensions(self) -> list[list[str]] | None:
        """Each extension as its arguments' names in debate order; None under grounded semantics."""
        if self._extensions is None:
            return None
        names, real = self.framework.names, self.framework.real
        return [[names[a] for a in ext if a < real] for ext in self._extensions]

    @property
    def extension_count(self) -> int | None:
        """How many extensions there are, without listing them."""
        return None if self._extensions is None else len(self._extensions)

    @cached_property
    def credulous(self) -> list[str] | None:
        if self._extensions is None:
            return None
        return [self.framework.names[a] for a in self._extensions.credulous() if a < self.framework.real]

    @cached_property
    def sceptical(self) -> list[str] | None:
        if self._extensions is None:
            return None
        return [self.framework.names[a] for a in self._extensions.sceptical() if a < self.framework.real]

    def explain(self, argument: str) -> list[Step]:
        """Why `argument` ('map:node') has its grounded label, down to arguments that nobody attacks."""
        return explain(self.framework, self._label, self._why, argument)

    def to_dict(self) -> dict:
        """The JSON form: labels under grounded semantics; extensions and acceptance under the others."""
        if self._extensions is None:
            return {"semantics": self.semantics.value, "labels": {k: v.value for k, v in self.labels.items()}}
        return {
            "semantics": self.semantics.value,
            "extensions": self.extensions,
            "credulous": self.credulous,
            "sceptical": self.sceptical,
        }


def _choice(enum, value, what: str):
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise UsageError(f"unknown {what} {value!r}; choose one of: {choices}") from None


def _maps_of(maps) -> list:
    # A Debate carries its maps in a dict by id; anything else is an iterable of ArgMaps.
    inner = getattr(maps, "maps", None)
    if isinstance(inner, dict):
        return list(inner.values())
    return list(maps)


def evaluate(
    maps: Iterable, semantics: Semantics | str = Semantics.GROUNDED, support: SupportMode | str | None = None
) -> Evaluation:
    """Evaluate a debate (a `Debate` or loaded `ArgMap`s) under Dung semantics; the maps are not validated.

    Every node is an argument named 'map-id:node-id'. Rebuttals and counter-rebuttals attack their parents,
    `attacks` cross-links attack their targets; `support` ('deductive' or 'necessary') adds the attacks that
    support implies under that reading, otherwise support adds none.
    """
    semantics = _choice(Semantics, semantics, "semantics")
    support = _choice(SupportMode, support, "support") if support is not None else None
    return Evaluation(from_maps(_maps_of(maps), support), semantics, support)


def evaluate_framework(framework: Framework, semantics: Semantics | str = Semantics.GROUNDED) -> Evaluation:
    """Evaluate a framework built by hand (`Framework.from_attacks`)."""
    return Evaluation(framework, _choice(Semantics, semantics, "semantics"), None)
