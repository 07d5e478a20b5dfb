"""An asyncio event loop on virtual time: when nothing is ready, the clock jumps to the next
timer instead of waiting for it. Real code (``asyncio.sleep``, ``wait_for`` timeouts, the
scheduler, the limiter with ``clock=loop.time``) runs unchanged, a minute in microseconds."""

from __future__ import annotations

import asyncio
import selectors


class _FastForward(selectors.DefaultSelector):
    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None):
        ready = super().select(0)
        if not ready and timeout != 0:
            if timeout is None:  # nothing is scheduled: real code would hang here
                raise RuntimeError("virtual time: every task waits and no timer is set")
            self._loop.now += timeout
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(selector=_FastForward(self))

    def time(self) -> float:
        return self.now
