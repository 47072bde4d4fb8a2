"""What each line of a copied forum page looks like: a date, a post number, a count, a label, a button, a name, prose."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from index.threads.dialects.dates import Found, find_date, slash_order
from index.threads.dialects.marked import QUOTE_END, QUOTE_REACH

# Kinds. FIELD-like kinds make up post headers; ACTION lines are buttons; SHORT may be a name, a rank or a short reply.
BLANK, DATE, NUMBER, COUNT, LABEL, FIELD, INITIAL, LITERAL, SUBJECT, ACTION, QUOTE, SHORT, PROSE = (
    "blank", "date", "number", "count", "label", "field", "initial", "literal", "subject", "action", "quote",
    "short", "prose",
)
HEADERISH = frozenset({DATE, NUMBER, COUNT, LABEL, FIELD, INITIAL, LITERAL, SUBJECT})

# Buttons and links forums print under or over posts (en/de/fr); a line made only of these is an ACTION.
BUTTON_WORDS = (
    "reply replies quote multiquote multi-quote like likes unlike dislike report share bookmark top back to top "
    "permalink link to post share this post link post flag edit delete save save post "
    "follow unfollow vote upvote downvote award react reactions comment comments "
    "reply with quote quick reply add message print view mark solved best answer answer go to top "
    "antworten antwort zitieren zitat melden teilen gefällt mir nach oben bearbeiten löschen merken "
    "mit zitat antworten beitrag melden beitrag antworten direktlink lesezeichen abonnieren "
    "répondre citer citation signaler partager j'aime aimer modifier supprimer haut remonter enregistrer "
    "répondre avec citation alerter"
).split()
_BUTTON_PHRASES = sorted(
    {
        *BUTTON_WORDS,
        "back to top", "link to post", "share this post", "reply with quote",
        "quick reply", "add message", "save post", "best answer", "go to top", "gefällt mir", "nach oben",
        "mit zitat antworten", "beitrag melden", "répondre avec citation", "print view",
    },
    key=len,
    reverse=True,
)
_BUTTONS = re.compile(
    r"^(?:[\s|•·/,\-–\[\]()]*(?:" + "|".join(re.escape(p) for p in _BUTTON_PHRASES) + r")(?:\s*\(\d+\))?)+[\s|•·/,\-–\[\]()]*$",
    re.IGNORECASE,
)
# Label words of a member's header whose dates are not the post's date.
META_LABEL = re.compile(
    r"(?i)\b(joined|registered|member since|since|last (?:seen|visit|active|online|activity|edited)|edited|"
    r"birthday|registriert|dabei seit|mitglied seit|seit|zuletzt|bearbeitet|geändert|letzte[rs]? (?:besuch|aktivität)|"
    r"inscrit|inscription|membre depuis|depuis|dernière|modifié|édité|founded|age|alter)\b"
)
POST_NUMBER = re.compile(
    r"(?:^|\s)#\s?(\d{1,6})\s*$|^#\s?(\d{1,6})\b|^(?:post|beitrag|message|réponse)\s+#?(\d{1,6})\s+(?:of|von|sur|/)\s+\d+$"
    r"|\b(?:reply|antwort|réponse|post|beitrag|message)\s*#\s?(\d{1,6})\b",
    re.IGNORECASE,
)
_BRACKET_LINK = re.compile(r"(?:\[\s*[^\W\d][\w -]{0,20}\]\s*)+")
_SUBJECT = re.compile(r"^(?:re|aw|wg|réf?|antw)\s*(?:\[\d+\])?\s*:\s*\S", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"(?<![\w.,])\d[\d.,]*[kK]?(?![\w])")
_SENTENCE_END = re.compile(r"[.!?;,…:)\]\"'”]$")
# A repeated line that ends like a sentence is someone's words quoted again, not the page's template.
_SENTENCE = re.compile(r"\w\w[.!?;,]$")
_LABEL_VALUE = re.compile(r"^([^\W\d][\w .'’-]{0,28}?)\s*:\s+(\S.{0,60})$")
_QUOTE_MARK = re.compile(
    r"(?i)^(?:.{1,60}?\s(?:said|wrote|writes|says|schrieb|schreibt|hat geschrieben|a écrit|a dit)\s*:.*"
    r"|(?:zitat|quote|citation)\s*:|(?:zitat|quote|citation)\s+(?:von|from|de)\s+.{1,60}"
    r"|originally posted by .{1,60}|ursprünglich geschrieben von .{1,60}|message d'origine.*"
    r"|.{1,40}:\s*↑)\s*$"
)
# "Page 2 of 5", "Seite 1 von 12", "1 sur 3": the page's navigation, a link like a button.
_PAGINATION = re.compile(r"(?i)^(?:(?:page|seite|pagina|página)\s+)?\d{1,4}\s+(?:of|von|sur|de|di)\s+\d{1,4}$")
_MARKUP = re.compile(r"(?:</?[a-zA-Z][^<>]{0,300}>\s*)+")
SHORT_WORDS = 6
SHORT_CHARS = 50
LITERAL_CHARS = 60


@dataclass(frozen=True)
class Line:
    """One line of the page with its kind and, when it has one, the date printed in it."""

    index: int
    text: str
    kind: str
    date: Found | None = None
    number: int | None = None
    meta: bool = False  # a date that is not the post's: joined, edited, last seen


def is_button_line(text: str) -> bool:
    # "[report]", "[edit]": a text link in brackets, as older boards print their buttons.
    return (bool(_BUTTONS.match(text)) or bool(_BRACKET_LINK.fullmatch(text))) and len(text) <= 80


def is_quote_marker(text: str) -> bool:
    return len(text) <= 160 and bool(_QUOTE_MARK.match(text))


def post_number(text: str) -> int | None:
    match = POST_NUMBER.search(text)
    if not match:
        return None
    return int(next(group for group in match.groups() if group))


def _is_count(text: str) -> bool:
    words = text.split()
    return len(words) <= 4 and len(text) <= 32 and bool(_NUMBER_TOKEN.search(text)) and not text.endswith((".", "?"))


def _date_kind(text: str, found: Found, previous: str) -> tuple[bool, bool]:
    """(is it a header date line, is it a member's date rather than the post's)."""
    residue = (text[: found.start] + " " + text[found.end :]).strip()
    words = residue.split()
    if len(text) > 90 or len(words) > 7 or (residue.endswith((".", "?", "!")) and len(words) > 3):
        return False, False
    before = text[: found.start]
    meta = bool(META_LABEL.search(before)) or (not before.strip() and bool(META_LABEL.search(previous)) and len(previous) <= 40)
    return True, meta


def classify(lines: list[str]) -> list[Line]:
    """The kind of every line; repetition across the page decides which short lines are template text."""
    stripped = [line.strip().strip("\u00a0").strip() for line in lines]
    counts = Counter(text for text in stripped if text)
    dayfirst = slash_order(stripped)
    out: list[Line] = []
    previous = ""
    for index, text in enumerate(stripped):
        kind, found, number, meta = _kind(text, counts, previous, dayfirst)
        out.append(Line(index, text, kind, found, number, meta))
        if text:
            previous = text
    return _quoted_lines(_says_headers(_named_numbers(out)))


def _quoted_lines(out: list[Line]) -> list[Line]:
    """A line the page quotes ("NAME said:" ... "Click to expand...") is someone's words wherever it stands, not
    a label of a header ("Let me say it again:")."""
    quoted: set[str] = set()
    for line in out:
        if line.kind != QUOTE:
            continue
        following = out[line.index + 1 : line.index + 1 + QUOTE_REACH]
        end = next((l.index for l in following if QUOTE_END.match(l.text)), None)
        if end is not None:
            quoted.update(l.text for l in out[line.index + 1 : end])
    for line in out:
        if line.kind in (LABEL, FIELD, LITERAL) and line.text in quoted:
            out[line.index] = Line(line.index, line.text, PROSE)
    return out


def _named_numbers(out: list[Line]) -> list[Line]:
    """A count is a label with numbers that change ("Posts 12", "Posts 340"); a line whose one number never changes
    down the page and does not lead it ("Sam 2", "RS 4 EVER") is a name with a number in it."""
    numbers: dict[str, set[str]] = {}
    repeated = Counter(line.text for line in out if line.kind == COUNT)
    for line in out:
        if line.kind == COUNT:
            numbers.setdefault(_NUMBER_TOKEN.sub("9", line.text), set()).update(_NUMBER_TOKEN.findall(line.text))
    for line in out:
        tokens = _NUMBER_TOKEN.findall(line.text) if line.kind == COUNT else ()
        # ("name    12" with wide space is a name and its score: a header field of its own.)
        if (len(tokens) == 1 and ":" not in line.text and not line.text.startswith(tokens[0])
                and not re.search(r"\s{2}", line.text)
                and re.search(r"[^\W\d_]{2}", line.text) and len(numbers[_NUMBER_TOKEN.sub("9", line.text)]) == 1):
            out[line.index] = Line(line.index, line.text, LITERAL if repeated[line.text] >= 2 else SHORT)
    return out


def _says_headers(out: list[Line]) -> list[Line]:
    """"NAME says:" right over a date line opens a post (its header), not a quote."""
    following = None
    kinds = [line.kind for line in out if line.kind != BLANK]
    position = len(kinds)
    for line in reversed(out):
        if line.kind == BLANK:
            continue
        position -= 1
        before = kinds[position - 1] if position else None
        # Not a marker with its link back ("↑"), nor one right under a post's header: those quote.
        if (line.kind == QUOTE and following is not None and following.kind == DATE and not following.meta
                and "↑" not in line.text and before not in (DATE, NUMBER)):
            out[line.index] = Line(line.index, line.text, SHORT)
        elif line.kind == QUOTE and following is not None and following.kind == DATE:
            # The date under a quote marker is the quoted post's, not a post of this page.
            out[following.index] = Line(following.index, following.text, DATE, following.date, following.number, True)
        following = out[line.index]
    return out


def _kind(text: str, counts: Counter, previous: str, dayfirst: bool):
    if not text:
        return BLANK, None, None, False
    if _MARKUP.fullmatch(text):
        return PROSE, None, None, False  # a page that prints its markup: tags belong to the text around them
    number = post_number(text)
    if is_quote_marker(text) and number is None:
        return QUOTE, None, None, False
    found = find_date(text, dayfirst) if len(text) <= 120 else None
    if found is not None:
        header, meta = _date_kind(text, found, previous)
        if header:
            return DATE, found, number, meta
    if number is not None and len(text) <= 40:
        return NUMBER, None, number, False
    if is_button_line(text) or _PAGINATION.match(text):
        return ACTION, None, None, False
    if _SUBJECT.match(text) and len(text) <= 160:
        return SUBJECT, None, None, False
    if _is_count(text):
        return COUNT, None, None, False
    if re.fullmatch(r"[A-ZÄÖÜ0-9]{1,2}", text):
        return INITIAL, None, None, False
    words = text.split()
    if text.endswith(":") and len(words) <= 4 and len(text) <= 32:
        return LABEL, None, None, False
    if _LABEL_VALUE.match(text) and len(words) <= 8 and not text.endswith((".", "?", "!")):
        return FIELD, None, None, False
    if counts[text] >= 2 and len(text) <= LITERAL_CHARS and len(words) <= SHORT_WORDS and not _SENTENCE.search(text):
        return LITERAL, None, None, False
    if len(words) <= SHORT_WORDS and len(text) <= SHORT_CHARS and not _SENTENCE_END.search(text):
        return SHORT, None, None, False
    return PROSE, None, None, False
