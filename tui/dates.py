"""Dates as a reader reads them: the library's ISO dates ("2019-01-05T03:32") shown as "5 Jan 2019 03:32"."""

from __future__ import annotations

import re

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}:\d{2}))?)?)?")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def readable(value: str) -> str:
    """An ISO date at whatever precision it has, in words; anything else as it is."""
    match = _ISO.fullmatch(value.strip())
    if match is None:
        return value
    year, month, day, time = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return value
    words = f"{_MONTHS[int(month) - 1]} {year}"
    if day is not None:
        words = f"{int(day)} {words}"
    return f"{words} {time}" if time else words
