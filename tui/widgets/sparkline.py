"""A row's activity as one line of block characters."""

from __future__ import annotations

SPARK_WIDTH = 16  # cells of a row's activity sparkline
SPARK_FROM = 50  # the list's width from which rows have room for one
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(counts: tuple[int, ...], width: int = SPARK_WIDTH) -> str:
    """Counts as one line of block characters (at most `width`, neighbours merged by their peak); empty for none."""
    if not any(counts):
        return ""
    n = len(counts)
    if n > width:
        counts = tuple(max(counts[i * n // width:(i + 1) * n // width]) for i in range(width))
    peak = max(counts)
    return "".join(_BARS[(c * len(_BARS) - 1) // peak] if c else " " for c in counts)
