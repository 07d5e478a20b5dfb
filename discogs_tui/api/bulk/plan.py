"""What a bulk job will do, written down before it starts: the action, its targets (each
with the ids its request needs, its value before and the value it gets) and the steps
(one request each; an inventory upload's step holds many targets). JSON both ways: the
journal keeps it, a restart reads it back."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT_VERSION = 1


@dataclass
class Target:
    """One record a job acts on. ``key``: its id (instance, release or listing id);
    ``label``: how a report names it ("Artist – Title"); ``ref``: the ids its request
    needs (folder, release, condition...); ``before``/``after``: the value it had when the
    job was planned and the one it gets (None for removals)."""

    key: int
    label: str
    ref: dict[str, Any] = field(default_factory=dict)
    before: Any = None
    after: Any = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Target:
        return cls(int(data["key"]), str(data["label"]), dict(data.get("ref") or {}),
                   data.get("before"), data.get("after"))  # fmt: skip


@dataclass
class Plan:
    """``kind``: the action ("collection.move"); ``params``: what it needs besides the
    targets (the folder's name, the field); ``steps``: lists of target indexes, in order."""

    kind: str
    username: str
    params: dict[str, Any]
    targets: list[Target]
    steps: list[list[int]]
    id: str = field(default_factory=lambda: new_id())
    created: float = field(default_factory=time.time)
    undo_of: str | None = None  # the job this one undoes

    def as_json(self) -> dict[str, Any]:
        return {"version": FORMAT_VERSION, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"a plan of format {data.get('version')!r}")
        return cls(
            kind=str(data["kind"]),
            username=str(data["username"]),
            params=dict(data["params"]),
            targets=[Target.from_json(t) for t in data["targets"]],
            steps=[[int(i) for i in step] for step in data["steps"]],
            id=str(data["id"]),
            created=float(data["created"]),
            undo_of=data.get("undo_of"),
        )


def new_id() -> str:
    """Sortable by creation, unique enough for one person's jobs: ``20261208-013512-3fa9c1``."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


def chunked(count: int, size: int) -> list[list[int]]:
    """``count`` target indexes in steps of ``size``."""
    return [list(range(first, min(count, first + size))) for first in range(0, count, size)]
