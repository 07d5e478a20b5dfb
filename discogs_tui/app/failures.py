"""Errors never vanish: what a worker, a screen's load or show, or an event handler of ours
raises that nobody caught goes to one place, ``DiscogsApp.report_failure``, which says so on
screen (never with a traceback), writes the traceback to the log file and keeps the app
running. Textual would otherwise end the app (an event handler), or say nothing at all (a
worker started with ``exit_on_error=False``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.worker import WorkerState
from textual.worker_manager import WorkerManager

if TYPE_CHECKING:
    from textual.message import Message
    from textual.worker import Worker


class ReportingWorkers(WorkerManager):
    """Textual's worker manager, telling the app about each worker that failed."""

    def _remove_worker(self, worker: Worker) -> None:
        # Textual calls this when a worker's task ends, however it ended (Textual is pinned
        # to an exact version; tests/app/test_failures.py fails if this stops being called).
        super()._remove_worker(worker)
        app: Any = self._app
        if worker.state == WorkerState.ERROR and worker.error is not None:
            app.report_failure(worker.error, worker.node)


class Guarded:
    """Mix into a widget or screen whose event handlers run our code: what a handler raises
    is reported, and the widget goes on answering (Textual stops its message loop)."""

    async def _on_message(self, message: Message) -> None:
        try:
            await super()._on_message(message)  # type: ignore[misc]
        except Exception as error:
            self.app.report_failure(error, self)  # type: ignore[attr-defined]
