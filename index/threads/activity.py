"""When people posted: posts per calendar month, and posts over a thread's life, from ISO dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date


def _month(value: str | None) -> tuple[int, int] | None:
    if not value or len(value) < 7 or value[4] != "-":
        return None
    try:
        year, month = int(value[:4]), int(value[5:7])
    except ValueError:
        return None
    return (year, month) if 1 <= month <= 12 else None


def per_month(dates: Iterable[str | None]) -> list[tuple[str, int]]:
    """('2019-03', posts) for every month from the first dated post to the last, empty months included."""
    counts = Counter(month for month in map(_month, dates) if month is not None)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    out = []
    while (year, month) <= last:
        out.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def over_life(dates: Iterable[str | None], buckets: int) -> list[int]:
    """Posts in each of `buckets` equal slices of the time from the first dated post to the last."""
    days = []
    for value in dates:
        try:
            days.append(date.fromisoformat(value[:10]).toordinal() if value else None)
        except ValueError:
            continue
    days = [d for d in days if d is not None]
    if len(days) < 2 or buckets < 1:
        return []
    first, span = min(days), max(days) - min(days)
    out = [0] * buckets
    for day in days:
        out[min((day - first) * buckets // span, buckets - 1) if span else 0] += 1
    return out
