"""What every bulk action is: how its plan's preview reads, whether a target needs a
request, how one step is sent and how a step whose answer was lost is read back, and how
it is undone. The actions themselves live by dataset (``collection_actions``,
``wantlist_actions``, ``inventory_actions``); ``actions`` gathers them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from discogs_tui.api.bulk.plan import Plan, Target, chunked
from discogs_tui.api.errors import ValidationError

if TYPE_CHECKING:
    from discogs_tui.api.service import DiscogsService

Json = Mapping[str, Any]
Failures = dict[int, str]  # target index -> why it failed


@dataclass
class Context:
    """What a step runs on: the service (its stores) and a place for notes of a step in
    flight (an upload's id), written to the journal as soon as they are known."""

    service: DiscogsService
    note: Any = None  # Callable[[dict], None]: records a "sent" event for the step


class Action:
    kind: ClassVar[str]
    nouns: ClassVar[tuple[str, str]] = ("copy", "copies")
    no_undo: ClassVar[str] = ""  # why it can't be undone ("": it can)

    def preview(self, plan: Plan) -> str:
        raise NotImplementedError

    def skip(self, plan: Plan, target: Target) -> str:
        """Why ``target`` needs no request ("" when it does)."""
        return "" if target.before != target.after else "already so"

    async def apply(self, ctx: Context, plan: Plan, indexes: Sequence[int]) -> Failures:
        """Send one step; the targets that failed. Raises ``OutcomeUnknown`` when the answer
        was lost, ``DiscogsError`` when Discogs refused the whole step."""
        raise NotImplementedError

    async def settle(
        self, ctx: Context, plan: Plan, indexes: Sequence[int], note: Mapping[str, Any]
    ) -> Failures | None:
        """What became of a step whose answer nobody saw, by reading Discogs: the failures
        as ``apply`` gives them, or None when Discogs doesn't have it (it can be sent)."""
        raise NotImplementedError

    def undo(self, plan: Plan, done: Iterable[int]) -> Plan:
        """A plan putting the ``done`` targets back as they were."""
        if self.no_undo:
            raise ValidationError(self.no_undo)
        targets = [plan.targets[i] for i in done]
        if not targets:
            raise ValidationError("Nothing to undo: the job changed nothing.")
        back = [Target(t.key, t.label, self._ref_after(t), t.after, t.before) for t in targets]
        params = {**self.undo_params(plan), "undoes": self.preview(plan)}
        return Plan(plan.kind, plan.username, params, back, self.steps(len(back)), undo_of=plan.id)

    def undo_preview(self, plan: Plan) -> str:
        """What an undo plan does: ``Put 12 copies back as they were (undoing "Rate 12 copies
        4/5")``; an action whose own preview says it exactly (a move) overrides this."""
        return f"Put {self.count(plan)} back as they were (undoing {plan.params['undoes']!r})"

    def _ref_after(self, target: Target) -> dict[str, Any]:
        return dict(target.ref)

    def undo_params(self, plan: Plan) -> dict[str, Any]:
        return dict(plan.params)

    def steps(self, count: int) -> list[list[int]]:
        return chunked(count, 1)

    def count(self, plan: Plan) -> str:
        one, many = self.nouns
        number = len(plan.targets)
        return f"{number:,} {one if number == 1 else many}"


def rating_preview(count: str, rating: int) -> str:
    """``Rate 12 copies 4/5``, or ``Clear the rating of 12 copies`` for 0."""
    return f"Rate {count} {rating}/5" if rating else f"Clear the rating of {count}"


def value_preview(what: str, count: str, value: str) -> str:
    """``Set the notes of 12 wants to 'VG+ only'``, or ``Clear the notes of 12 wants``."""
    return f"Set the {what} of {count} to {value!r}" if value else f"Clear the {what} of {count}"


def make_plan(
    cls: type[Action], username: str, params: dict[str, Any], targets: list[Target]
) -> Plan:
    """The plan of action ``cls`` on ``targets`` (``ValidationError`` when there are none)."""
    if not targets:
        raise ValidationError(f"Nothing to act on: no {cls.nouns[1]} are selected.")
    return Plan(cls.kind, username, params, targets, cls().steps(len(targets)))
