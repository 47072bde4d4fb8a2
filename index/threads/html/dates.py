"""Date-like text in English, German and French, and its ISO form when the text says enough."""

from __future__ import annotations

import datetime as _dt
import re

from index.threads.dialects.dates import MONTH_NUMBER

_MONTH = "(?:" + "|".join(sorted((re.escape(m) for m in MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
_TIME = r"(?:\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?)"
_NUMERIC = re.compile(r"\b(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})\b")
_ISO = re.compile(r"\b(" + _YEAR + r")-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|\.)?[\s-]+(" + _MONTH + r")(?:[\s,-]+('?\d{2,4}))?\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b(" + _MONTH + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*('?\d{2,4})\b)?", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(" + _MONTH + r")\s+(" + _YEAR + r")\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2}):(\d\d)(?::\d\d)?\s*([ap])?\.?m?\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago\b"
    r"|\bvor\s+(?:\d+|einer?|einem)\s+(?:sek|sekunden?|min|minuten?|std|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)\b"
    r"|\bil y a\s+(?:\d+|une?)\s+(?:sec|seconde|min|minute|heure|jour|semaine|mois|an|année)s?\b"
    r"|^(?:yesterday|today|gestern|heute|vorgestern|hier|aujourd'hui|avant-hier)\b(?:[\s,]+(?:at|um|à)?\s*" + _TIME + ")?$",
    re.IGNORECASE,
)
_ANY = re.compile(
    "|".join(p.pattern for p in (_NUMERIC, _ISO, _DAY_MONTH, _MONTH_DAY, _MONTH_YEAR)) + "|" + _RELATIVE.pattern,
    re.IGNORECASE,
)
DATE_CHARS = 80  # a date with a weekday, a time and "Posted on" fits; longer text is prose that names a date
_UNIX = re.compile(r"^1[0-9]{9}$")  # seconds since 1970: 2001 to 2286


def looks_like_date(text: str) -> bool:
    """Short text that is or holds a date ("14.12.2019 21:42", "May 8, 2019", "3 days ago")."""
    return 4 <= len(text) <= DATE_CHARS and _ANY.search(text) is not None


def _year(text: str | None) -> int | None:
    if not text:
        return None
    text = text.lstrip("'")
    year = int(text)
    if year < 100:
        year += 2000 if year < 70 else 1900
    return year if 1990 <= year <= 2100 else None


def _clock(text: str) -> str:
    match = _CLOCK.search(text)
    if not match:
        return ""
    hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if year is None or not 1 <= month <= 12:
        return False
    try:
        _dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def _month(text: str) -> int:
    return MONTH_NUMBER.get(text.lower().rstrip("."), 0)


def to_iso(text: str) -> str | None:
    """The ISO date (with the time when shown) of a date-like text; None when it has no year or is relative."""
    if not text:
        return None
    if match := _ISO.search(text):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if _valid(year, month, day):
            clock = f"T{match.group(4)}:{match.group(5)}" if match.group(4) else _clock(text[match.end():])
            return f"{year:04d}-{month:02d}-{day:02d}{clock}"
    if _UNIX.match(text.strip()):
        moment = _dt.datetime.fromtimestamp(int(text.strip()), _dt.timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M")
    if match := _NUMERIC.search(text):
        a, sep, b, c = match.group(1), match.group(2), int(match.group(3)), match.group(4)
        if len(a) == 4:
            year, month, day = _year(a), b, int(c)
        elif sep == "/" and int(a) <= 12 and b > 12:
            year, month, day = _year(c), int(a), b  # US order only when the day cannot be the month
        else:
            year, month, day = _year(c), b, int(a)
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}" + _clock(text[match.end():])
    for pattern, order in ((_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy")):
        if match := pattern.search(text):
            day_text, month_text = (match.group(1), match.group(2)) if order == "dmy" else (match.group(2), match.group(1))
            year, month, day = _year(match.group(3)), _month(month_text), int(day_text)
            if _valid(year, month, day):
                return f"{year:04d}-{month:02d}-{day:02d}" + _clock(text[match.end():])
    if match := _MONTH_YEAR.search(text):
        year, month = _year(match.group(2)), _month(match.group(1))
        if _valid(year, month, None):
            return f"{year:04d}-{month:02d}"
    return None
