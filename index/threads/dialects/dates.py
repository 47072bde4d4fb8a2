"""Dates as forums print them (English, German, French; absolute and relative), found in a line and read as ISO."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

# Month names and their usual abbreviations; a dot after an abbreviation is optional.
_MONTHS = {
    1: "january jan januar janv janvier jän jänner",
    2: "february feb februar fév févr février fev fevr fevrier",
    3: "march mar märz mär maerz mrz mars",
    4: "april apr avril avr",
    5: "may mai",
    6: "june jun juni juin",
    7: "july jul juli juillet juil",
    8: "august aug août aout",
    9: "september sep sept septembre",
    10: "october oct oktober okt octobre",
    11: "november nov novembre",
    12: "december dec dezember dez décembre decembre déc",
}
MONTH_NUMBER = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = "(?P<month>" + "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?,?\s+"
)
_YEAR = r"(?P<year>(?:19|20)\d\d|'\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
# "um", "at", "à", "-", "," between the date and the time.
_TIME = r"(?:,?\s*(?:um|at|à|a|-|@)?\s*(?P<time>[0-2]?\d[:h][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?)(?:\s*uhr)?)?"

_PATTERNS = [
    # 2020-04-22
    r"(?P<year>(?:19|20)\d\d)-(?P<nmonth>[01]?\d)-(?P<day>[0-3]?\d)(?:[T ,]+(?P<time>[0-2]?\d:[0-5]\d(?::[0-5]\d)?))?",
    # 22.04.2020 / 15/05/19 / 21-Nov-19 (day first unless the page says otherwise)
    r"(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[01]?\d)(?P=sep)(?P<year>(?:19|20)?\d\d)(?!\d)" + _TIME,
    r"(?P<day>[0-3]?\d)-" + _MONTH + r"-(?P<year>(?:19|20)?\d\d)(?!\d)" + _TIME,
    # Apr 22, 2020 / Fri May 08, 2009 2:03 am / Jun 18 '05
    "(?:" + _WEEKDAY + ")?" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME,
    # 22. April 2020 / 5. Januar 2019 um 03:32 / 12 Jan 2018, 12:15 / Sunday 8th March
    "(?:" + _WEEKDAY + ")?" + _DAY + r"\s*" + _MONTH + r"(?:,?\s+" + _YEAR + ")?" + _TIME,
    # September 2019 / Okt. 2007
    _MONTH + r"\s+" + _YEAR,
    # April 2 / March 30 in Central: this year's dates, trusted only at the start of a line
    _MONTH + r"\s+" + _DAY + r"(?!\s*[:.,]?\s*\d)" + _TIME,
]
_YEARLESS = len(_PATTERNS) - 1
# Named groups repeat across the shapes, which one alternation would refuse: each is compiled alone.
_COMPILED = [re.compile(r"(?<![\w])" + p + r"(?![\w])", re.IGNORECASE) for p in _PATTERNS]

_RELATIVE = re.compile(
    r"(?<!\w)(?:"
    r"(?:an?|one|\d+)\s+(?:sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|hr|hrs|day|days|week|weeks|month|months|year|years)\s+ago"
    r"|vor\s+(?:einer|einem|einen|\d+)\s+(?:sek\.?|sekunden?|min\.?|minuten?|stunden?|std\.?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+(?:une?|\d+)\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?|années?)"
    r"|(?:today|yesterday|heute|gestern|vorgestern|aujourd'hui|aujourd’hui|hier)(?:,?\s*(?:at|um|à)?\s*[0-2]?\d[:h][0-5]\d(?:\s*[ap]m)?(?:\s*uhr)?)"
    r"|(?:today|yesterday|heute|gestern|aujourd'hui|aujourd’hui)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    r",?\s*(?:at|um|à)?\s*[0-2]?\d[:h][0-5]\d(?:\s*[ap]m)?(?:\s*uhr)?"
    r")(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A date in a line: where it is, the text printed, and the ISO date when the text says which day."""

    start: int
    end: int
    text: str
    iso: str | None
    relative: bool = False


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = int(text.lstrip("'"))
    if digits < 100:
        digits += 2000 if digits < 70 else 1900
    return digits


def _iso(year: int | None, month: int | None, day: int | None, time: str | None) -> str | None:
    if year is None or month is None or day is None:
        return None
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return None
    if not time:
        return date.isoformat()
    match = re.match(r"(\d+)[:h](\d+)(?::(\d+))?\s*([ap])?", time.lower())
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if match.group(4) == "p" and hour < 12:
        hour += 12
    elif match.group(4) == "a" and hour == 12:
        hour = 0
    if hour > 23:
        return date.isoformat()
    return _dt.datetime(year, month, day, hour, minute, second).isoformat(timespec="minutes")


def _read(match: re.Match, dayfirst: bool) -> str | None:
    groups = match.groupdict()
    if groups.get("a") is not None:
        first, second = int(groups["a"]), int(groups["b"])
        if groups["sep"] == "/" and not dayfirst and first <= 12:
            first, second = second, first
        if second > 12 >= first:
            first, second = second, first
        day, month = first, second
    elif groups.get("nmonth") is not None:
        day, month = int(groups["day"]), int(groups["nmonth"])
    else:
        month = MONTH_NUMBER.get(groups["month"].lower().rstrip("."))
        day = int(groups["day"]) if groups.get("day") else None
        if day is None and groups.get("year"):
            day = 1 if month else None
            return f"{_year(groups['year']):04d}-{month:02d}" if month else None
    return _iso(_year(groups.get("year")), month, day, groups.get("time"))


def find_date(line: str, dayfirst: bool = True) -> Found | None:
    """The first (longest at its place) date printed in `line`, or None."""
    best: re.Match | None = None
    for index, pattern in enumerate(_COMPILED):
        for match in pattern.finditer(line):
            if index == 4 and match.group("year") is None and not match.group("time"):
                # "8 March" alone is too often prose; a weekday ("Sunday 8th March") makes it a date.
                if not re.match(_WEEKDAY, match.group(0), re.IGNORECASE):
                    continue
            if index == _YEARLESS and (
                match.start() > 0 or len(line) > 60 or not line[:1].isupper()
                or len(line[match.end() :].split()) > 3 or "(" in line
            ):
                break
            if best is None or (match.start(), -(match.end() - match.start())) < (best.start(), -(best.end() - best.start())):
                best = match
            break
    relative = _RELATIVE.search(line)
    if relative and (best is None or relative.start() < best.start()):
        return Found(relative.start(), relative.end(), relative.group(0), None, relative=True)
    if best is None:
        return None
    return Found(best.start(), best.end(), best.group(0).strip(), _read(best, dayfirst))


def slash_order(lines: list[str]) -> bool:
    """Whether the page's d/m/y dates are day first: any date that can only be read one way decides."""
    for line in lines:
        for match in re.finditer(r"(?<!\d)([0-3]?\d)/([0-3]?\d)/(?:\d{2}|\d{4})(?!\d)", line):
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
    return True
