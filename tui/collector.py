"""Garbage collection kept off the keys' path: long-lived data frozen, full passes run while idle."""

from __future__ import annotations

import gc
import sys
from time import perf_counter

IDLE = 1.0  # seconds without input before a full collection may run
CHECK_EVERY = 0.5  # seconds between looks
# Memory blocks allocated since the last full pass before another is worth it: the app allocates
# a little even when idle (timers, cursor blink), and a pass over nothing new is wasted. Counted
# with sys.getallocatedblocks, not gc.get_count: the collector's generation counts depend on
# every collection that ran before, in the app or (in tests) elsewhere in the process.
WORTH_IT = 5_000


class IdleCollector:
    """Runs the full collections the interpreter would otherwise run in the middle of a keystroke.

    With 10,000 threads and a long thread laid out, a full pass takes 50-200 ms. Freezing what
    lives as long as the app takes it out of every pass; collecting when the reader pauses resets
    the interpreter's own trigger, so its full passes rarely land on a key.
    """

    def __init__(self) -> None:
        self.last_input = perf_counter()
        self.collections = 0
        self.releasing = False
        self._blocks = sys.getallocatedblocks()

    def touched(self) -> None:
        self.last_input = perf_counter()

    def release_soon(self) -> None:
        """Something frozen is no longer needed (a thread closed): thaw and collect it once the reader pauses."""
        self.releasing = True

    def tick(self) -> bool:
        """Collect (then freeze the survivors) if the reader is idle and there is something new."""
        if perf_counter() - self.last_input < IDLE:
            return False
        if self.releasing:
            # Frozen objects are never collected: a closed thread would stay in memory for good.
            gc.unfreeze()
            self.releasing = False
        elif sys.getallocatedblocks() - self._blocks < WORTH_IT:
            return False
        gc.collect()
        gc.freeze()  # only survivors are frozen: garbage was collected first, so nothing leaks
        self._blocks = sys.getallocatedblocks()
        self.collections += 1
        return True


def freeze_long_lived() -> None:
    """Take everything alive now (the library, a thread just opened) out of future full passes."""
    gc.freeze()


def release() -> None:
    """Give frozen objects back to the collector (the app is closing)."""
    gc.unfreeze()


class StartingUp:
    """The collector off while the app starts, on again (with everything alive frozen) at its first frame.

    Until then nearly everything made (Textual's modules and classes, the widgets, the library's
    summaries) lives as long as the app: the passes the interpreter would run over it (~20 ms of a
    start-up) find nothing to collect. Leaving restores what was before, however the app ends.
    """

    def __init__(self) -> None:
        self.paused = gc.isenabled()
        gc.disable()

    def leave(self) -> None:
        if self.paused:
            self.paused = False
            gc.freeze()
            gc.enable()
