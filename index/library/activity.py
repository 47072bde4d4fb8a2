"""A thread's activity over its life: how many posts fall in each of a few equal slices of time."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

BUCKETS = 16


def activity(dates: Iterable[_dt.datetime], buckets: int = BUCKETS) -> tuple[int, ...]:
    """Post counts per slice from the first date to the last, one date per post; () for no dates.

    When every date is the same moment, all posts count in the first slice (a thread that lived
    for an instant).
    """
    moments = [(value - _dt.datetime.min).total_seconds() for value in dates]
    if not moments:
        return ()
    first, span = min(moments), max(moments) - min(moments)
    counts = [0] * buckets
    for moment in moments:
        slot = int((moment - first) * buckets / span) if span else 0
        counts[min(slot, buckets - 1)] += 1
    return tuple(counts)
