"""Argumentation semantics over a debate: which arguments stand once every attack is weighed, or how strong each is."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from ..errors import UsageError
from ..perf import gc_paused
from ..vocab import Label, Semantics, SupportMode
from .extensions import Extensions, extensions
from .framework import Framework, from_maps
from .gradual import Bipolar, Breakdown, Contribution, breakdown, strengths
from .gradual import from_maps as bipolar_from_maps
from .grounded import Step, explain, grounded

_WORDS = (Label.UNDEC, Label.IN, Label.OUT)

__all__ = [
    "Bipolar",
    "Breakdown",
    "Contribution",
    "Evaluation",
    "Framework",
    "Step",
    "evaluate",
    "evaluate_bipolar",
    "evaluate_framework",
    "from_maps",
]


class Evaluation:
    """The result of evaluating a debate.

    Under Dung's semantics (grounded, preferred, stable, complete) `labels` maps every argument ('map:node')
    to `in`, `out` or `undec` under grounded semantics (it is what `explain` explains); for preferred, stable
    and complete, `extensions` lists each extension's arguments, `credulous` the arguments in at least one,
    `sceptical` those in all of them (none when there is no extension, as can happen under stable semantics).
    Acceptance is exact even when the extensions are too many to list: `count_exact` is then False, and
    `extensions` and `extension_count` hold those found. `complete_search` is False when a `timeout` stopped
    the search: `credulous` and `sceptical` then hold what was settled, and `unsettled` the arguments whose
    acceptance is not known.

    Under a gradual semantics (dfquad, quadratic-energy) `strengths` maps every argument to a number in
    [0, 1], and `contributions` says how one came about; `labels` is then the grounded labelling, computed
    when first asked for.
    """

    def __init__(
        self,
        framework: Framework | None,
        semantics: Semantics,
        support: SupportMode | None,
        graph: Bipolar | None = None,
        timeout: float | None = None,
        maps: list | None = None,
    ):
        self.framework = framework
        self.graph = graph
        self.semantics = semantics
        self.support = support
        self._maps = maps
        self._extensions: Extensions | None = None
        self.strengths: dict[str, float] | None = None
        self.converged = True
        if semantics.gradual:
            assert graph is not None
            found = strengths(graph, semantics)
            self._values = found.values
            self.converged = found.converged
            self.strengths = dict(zip(graph.names, found.values, strict=True))
            return
        assert framework is not None
        with gc_paused():
            self._label, self._why = grounded(framework)
        if semantics is not Semantics.GROUNDED:
            self._extensions = extensions(framework, self._label, semantics, timeout)

    @cached_property
    def labels(self) -> dict[str, Label]:
        """Every argument's grounded label (under a gradual semantics too, computed when first asked for)."""
        if self.framework is None:
            self.framework = from_maps(self._maps or [], None)
            with gc_paused():
                self._label, self._why = grounded(self.framework)
        fw = self.framework
        with gc_paused():
            real = fw.real
            names = fw.names if real == len(fw.names) else fw.names[:real]
            words = map(_WORDS.__getitem__, self._label if real == len(self._label) else self._label[:real])
            # The nodes of the maps only: the auxiliary arguments of undercuts are the framework's business.
            return dict(zip(names, words, strict=True))

    @property
    def _built(self) -> Framework:
        """The framework, built when first asked for under a gradual semantics (with the grounded labels)."""
        self.labels  # noqa: B018
        assert self.framework is not None
        return self.framework

    def label_at(self, argument: int) -> str:
        """The grounded label ('in', 'out', 'undec') of argument number `argument`, auxiliary ones included."""
        self.labels  # noqa: B018 (builds the framework under a gradual semantics)
        return _WORDS[self._label[argument]].value

    @property
    def elapsed(self) -> float:
        """Seconds the search for extensions took (0 under grounded and gradual semantics)."""
        return 0.0 if self._extensions is None else self._extensions.elapsed

    @property
    def complete_search(self) -> bool:
        """False when a timeout stopped the search for extensions before it was done."""
        return self._extensions is None or self._extensions.finished

    @cached_property
    def extensions(self) -> list[list[str]] | None:
        """Each extension as its arguments' names in debate order; None under grounded and gradual semantics."""
        if self._extensions is None:
            return None
        names, real = self._built.names, self._built.real
        return [[names[a] for a in ext if a < real] for ext in self._extensions]

    @property
    def extension_count(self) -> int | None:
        """How many extensions there are, without listing them; unless `count_exact`, how many were found."""
        return None if self._extensions is None else self._extensions.count

    @property
    def count_exact(self) -> bool:
        """False when there are more extensions than were found (acceptance is exact all the same, unless a
        timeout stopped the search)."""
        return self._extensions is None or (self._extensions.exact and self._extensions.finished)

    def _named(self, arguments: Callable[[Extensions], list[int]]) -> list[str] | None:
        """Argument numbers the extensions give, as names (the framework's own helper arguments left out)."""
        if self._extensions is None:
            return None
        fw = self._built
        return [fw.names[a] for a in arguments(self._extensions) if a < fw.real]

    @cached_property
    def credulous(self) -> list[str] | None:
        """The arguments accepted in some extension."""
        return self._named(Extensions.credulous)

    @cached_property
    def sceptical(self) -> list[str] | None:
        """The arguments accepted in every extension."""
        return self._named(Extensions.sceptical)

    @cached_property
    def unsettled(self) -> list[str] | None:
        """The arguments whose acceptance a timeout left unknown (none when the search finished)."""
        return self._named(Extensions.unsettled)

    def explain(self, argument: str) -> list[Step]:
        """Why `argument` ('map:node') has its grounded label, down to arguments that nobody attacks."""
        return explain(self._built, self._label, self._why, argument)

    def contributions(self, argument: str) -> Breakdown:
        """How `argument`'s strength comes about under the gradual semantics: base score and each contribution."""
        if self.graph is None:
            raise UsageError(f"{self.semantics.value} semantics gives labels, not strengths: nothing to break down")
        return breakdown(self.graph, self._values, self.semantics, argument)

    def to_dict(self) -> dict:
        """The JSON form: labels under grounded semantics; extensions and acceptance under the other Dung
        semantics; strengths under the gradual ones."""
        if self.strengths is not None:
            return {"semantics": self.semantics.value, "strengths": self.strengths, "converged": self.converged}
        if self._extensions is None:
            return {"semantics": self.semantics.value, "labels": {k: v.value for k, v in self.labels.items()}}
        found = {
            "semantics": self.semantics.value,
            "extensions": self.extensions,
            "credulous": self.credulous,
            "sceptical": self.sceptical,
        }
        if not self.count_exact:
            found["extension_count_at_least"] = self.extension_count
        if not self.complete_search:
            found["complete"] = False
            found["unsettled"] = self.unsettled
        return found


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
    maps: Iterable,
    semantics: Semantics | str = Semantics.GROUNDED,
    support: SupportMode | str | None = None,
    timeout: float | None = None,
) -> Evaluation:
    """Evaluate a debate (a `Debate` or loaded `ArgMap`s); the maps are not validated.

    Every node is an argument named 'map-id:node-id', except context nodes (`role: context`), which take no
    part. Under Dung's semantics rebuttals and counter-rebuttals attack their parents, `attacks` cross-links
    attack their targets; `support` ('deductive' or 'necessary') adds the attacks that support implies under
    that reading, otherwise support adds none. The gradual semantics ('dfquad', 'quadratic-energy') count
    supports as they are and give each argument a strength. `timeout` (seconds) bounds the search for
    preferred, stable or complete extensions: past it, what was found and settled so far is kept,
    `complete_search` is False and `unsettled` names the arguments whose acceptance is not known.
    """
    semantics = _choice(Semantics, semantics, "semantics")
    support = _choice(SupportMode, support, "support") if support is not None else None
    maps = _maps_of(maps)
    if semantics.gradual:
        if support is not None:
            raise UsageError(
                f"--support reads supports as attacks for Dung's semantics; {semantics.value} counts supports "
                "as they are (leave --support out)"
            )
        return Evaluation(None, semantics, None, graph=bipolar_from_maps(maps), maps=maps)
    return Evaluation(from_maps(maps, support), semantics, support, timeout=timeout)


def evaluate_framework(
    framework: Framework, semantics: Semantics | str = Semantics.GROUNDED, timeout: float | None = None
) -> Evaluation:
    """Evaluate a framework built by hand (`Framework.from_attacks`) under one of Dung's semantics."""
    semantics = _choice(Semantics, semantics, "semantics")
    if semantics.gradual:
        raise UsageError(f"{semantics.value} needs a bipolar graph with base scores: use evaluate_bipolar")
    return Evaluation(framework, semantics, None, timeout=timeout)


def evaluate_bipolar(graph: Bipolar, semantics: Semantics | str = Semantics.DFQUAD) -> Evaluation:
    """Evaluate a bipolar graph built by hand (`Bipolar.from_edges`) under a gradual semantics."""
    semantics = _choice(Semantics, semantics, "semantics")
    if not semantics.gradual:
        raise UsageError(f"{semantics.value} is one of Dung's semantics: use evaluate_framework")
    return Evaluation(None, semantics, None, graph=graph)
