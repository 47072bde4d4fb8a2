"""Header fields of a copied page's posts: the author's name, rank, join date, post count, place, post number, date."""

from __future__ import annotations

import re
from collections import Counter

from index.threads.dialects.common import RawPost
from index.threads.dialects.named import mentioned
from index.threads.dialects.page import CRUMB, framed_name
from index.threads.dialects.lines import (
    COUNT, DATE, FIELD, INITIAL, LABEL, LITERAL, NUMBER, PROSE, SHORT, SUBJECT, Line, META_LABEL,
)

# Words that lead into a name in a header line ("by NAME »", "Beitrag von NAME", "Posted by NAME on").
_LEAD = re.compile(r"(?i)^.*?\b(?:by|von|par|de|from)\s+")
_TRAIL = re.compile(r"(?i)[\s»«|•·,:;\-–—@(]*(?:\b(?:on|at|am|um|le|the|posted|wrote|said|says|schrieb|schreibt)\b[\s:]*)*$")
_LEAD_WORDS = re.compile(r"(?i)^(?:posted|gepostet|geschrieben|written|erstellt|created|message|beitrag|post|le|am|on)\b[\s:]*")
_SAYS = re.compile(r"(?i)\s+(?:says|said|wrote|writes|schrieb|schreibt|a écrit|a dit)\s*:?\s*$")
_SYMBOLS = re.compile(r"[^\w)\]]+$")
OP_MARK = re.compile(
    r"(?i)^(?:original poster|op|thread starter|topic starter|discussion starter|author|autor|auteur|auteur du sujet|"
    r"auteur de la discussion|themenstarter|threadstarter|thread-ersteller|threadersteller|te|ersteller|"
    r"(?:ersteller|starter|autor) (?:des|dieses) (?:themas|threads|beitrags))$"
)
# Badges of the forum's team, printed as a line of their own under the name and rank.
BADGE = re.compile(r"(?i)^(?:staff member|team member|teammitglied|membre de l'équipe|membre du staff)$")


def is_mark(text: str) -> bool:
    """An original poster's mark or a team badge: a header line that names no one."""
    return bool(OP_MARK.match(text) or BADGE.match(text))
_JOINED = re.compile(r"(?i)join|regist|dabei seit|mitglied seit|member since|inscri|membre depuis|founded")
_POSTS = re.compile(r"(?i)^(?:posts?|messages?|beiträge|beitrag|contributions?|antworten|replies|réponses)\b")
_POSTS_AFTER = re.compile(r"(?i)^\s*[\d.,]+\s*(?:posts?|messages?|beiträge|contributions?)\s*$")
_PLACE = re.compile(r"(?i)^(?:location|ort|wohnort|from|localisation|lieu|aus|city|country|land)\b")
NAME_WORDS = 4
# A member's role printed after the name on its line ("Kim T. mod").
_ROLE = re.compile(
    r"(?i)(?<=\S)\s+(?:mod|moderator|moderatorin|admin|administrator|administratorin|staff|team|super ?mod|"
    r"modérateur|modératrice|administrateur|administratrice)$"
)
# A name with a rank after it on the same line ("Bass Fan Registered User").
RANKED_WORDS = 8
# Words before a date that say what the date is, not who wrote.
_NOT_NAME = re.compile(
    r"(?i)^(?:posted|erstellt|le|am|on|at|um)$|datum|date\b|created|erstellt|geschrieben|written|updated|aktualisiert|publié|"
    r"replied|answered|antwortete|répondu|^(?:(?:nr|no)(?:\.\s*|\s+)|n°\s*)\d+\W*$"  # "No. 5", not "no0"
)


def clean_name(text: str, words: int = NAME_WORDS) -> str | None:
    """A name as printed, without the marks around it: a score after wide spaces, badges, "says:"."""
    text = re.split(r"\s{2,}|\t", text.strip())[0]
    text = _SAYS.sub("", text)
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text) or text  # "Kaivax (Kaivax)": the display name only
    text = _SYMBOLS.sub("", text).lstrip("@•·» ").strip()
    if not text or len(text.split()) > words or len(text) > 10 * words or not re.search(r"\w", text):
        return None
    return text


def anchor_name(line: Line) -> str | None:
    """The name printed before the date in an anchor line ("by NAME » date", "NAME, date", "NAME date #3")."""
    if line.kind != DATE or line.date is None:
        return None
    before = re.sub(r"#\s?\d+", " ", line.text[: line.date.start]).strip()
    if not before or before.endswith(":") and not _SAYS.search(before):
        return None
    before = _LEAD.sub("", before) if _LEAD.match(before) else _LEAD_WORDS.sub("", before)
    before = _TRAIL.sub("", before).strip()
    if not before or META_LABEL.search(before) or _NOT_NAME.search(before):
        return None
    return clean_name(before)


def _candidates(header: list[Line], block, template: set[str], above: set[str]) -> list[Line]:
    """Lines of a header that may hold the name: not a label, a label's value, a mark or the page's template."""
    out = []
    for i, line in enumerate(header):
        if block.start <= line.index <= block.end and line.kind in (DATE, NUMBER) or is_mark(line.text):
            continue
        after = header[i + 1] if i + 1 < len(header) else None
        before = header[i - 1] if i else None
        if before is not None and before.kind == LABEL:
            continue  # the value of "Location:" and the like
        if after is not None and line.kind == LITERAL and (after.kind == DATE and after.meta or after.kind == COUNT
                                                            and re.fullmatch(r"[\d.,]+[kK]?", after.text)):
            continue  # "Beiträge" over its count, "Dabei seit" over its date (not a name over "229 posts")
        if line.kind in (SHORT, LITERAL, PROSE, LABEL, COUNT) and _namelike(line):
            out.append(line)
    # Text every header prints (a thread title), or a long line printed at the top of the page too (the title
    # again in the first header), is no name, unless it is all there is (one member's thread).
    return [l for l in out if l.text not in template and not (l.kind == PROSE and l.text in above)] or out


def _namelike(line: Line) -> bool:
    text = line.text
    if line.kind == LABEL:
        return bool(_SAYS.search(text))
    if line.kind == COUNT:
        return bool(re.match(r"^\S.*?\s{2,}[\d.,]+$", text))  # "name    12": a name and a score
    if META_LABEL.search(text) or _POSTS.match(text) or _PLACE.match(text) or clean_name(text, RANKED_WORDS) is None:
        return False
    if CRUMB.search(text) or " / " in text or framed_name(text):
        return False  # a breadcrumb, a sign-in link
    return len(text) <= 90 and not re.match(r"(?i)^(?:in reply to|re:|aw:)", text)


def _slots(candidates: list[Line], anchor: int) -> dict[tuple[str, int], Line]:
    """Each candidate by its place: k-th from the top of the header, k-th above or below the anchor."""
    above = [l for l in candidates if l.index < anchor]
    below = [l for l in candidates if l.index > anchor]
    places = {("top", k): line for k, line in enumerate(candidates)}
    places.update({("anchor", -k): line for k, line in enumerate(reversed(above), 1)})
    places.update({("anchor", k): line for k, line in enumerate(below, 1)})
    return places


def names(lines: list[Line], blocks) -> list[str | None]:
    """The author of each block: the line after an avatar's initial, else the name in its anchor line, else the
    header line in the place where the page's other headers print their names."""
    headers = [header_lines(lines, block) for block in blocks]
    seen = Counter(text for header in headers for text in {l.text for l in header})
    template = {text for text, n in seen.items() if len(blocks) >= 4 and n >= 0.8 * len(blocks)}
    above = {l.text for l in lines[: blocks[0].top] if l.text} if blocks else set()
    chosen: list[str | None] = []
    places = []
    for block, header in zip(blocks, headers):
        name = None
        for first, second in zip(header, header[1:]):
            if name is None and first.kind == INITIAL and second.text[:1].casefold() == first.text[:1].casefold():
                name = clean_name(second.text)
        for line in lines[block.start : block.end + 1]:
            name = name or anchor_name(line)
        for line in header:
            if name is None and line.kind == SHORT and _SAYS.search(line.text):
                name = clean_name(line.text)  # "NAME says:" over the date
        chosen.append(name)
        places.append(_slots(_candidates(header, block, template, above), block.end))
    # Where the names that are sure (an initial's, an anchor line's) stand tells where the others do.
    votes: Counter = Counter()
    cited = mentioned(lines)
    for name, slots in zip(chosen, places):
        if name:
            votes.update(slot for slot, line in slots.items() if line.text.startswith(name))
        else:  # a name the page's text quotes, addresses or thanks stands where names stand
            votes.update(slot for slot, line in slots.items() if _cited(line.text, cited))
    if not votes:
        votes = Counter(slot for slots in places for slot in slots)
    order = sorted(votes, key=lambda slot: (-votes[slot], slot[0] != "top", abs(slot[1])))
    for i, slots in enumerate(places):
        if chosen[i] is None:
            line = next((slots[slot] for slot in order if slot in slots), None)
            chosen[i] = clean_name(line.text, RANKED_WORDS) if line else None
    # A name and its rank on one line are cut apart first; what is still too long is no name.
    chosen = [_ROLE.sub("", name) if name else name for name in strip_ranks(chosen)]
    return [name if name and len(name.split()) <= NAME_WORDS else None for name in chosen]


def _cited(text: str, cited: frozenset[str]) -> bool:
    text = text.casefold()
    return any(text == name or text.startswith(name + " ") for name in cited)


def strip_ranks(found: list[str | None]) -> list[str | None]:
    """Names printed with a rank on the same line ("Name Senior Member"): a tail that follows several different
    names is a rank, not part of a name."""
    tails: dict[str, set[str]] = {}
    for name in filter(None, found):
        words = name.split()
        for cut in range(1, len(words)):
            tails.setdefault(" ".join(words[cut:]), set()).add(" ".join(words[:cut]))
    singles = {name for name in found if name}
    out = []
    for name in found:
        if name:
            words = name.split()
            for cut in range(1, len(words)):
                tail, head = " ".join(words[cut:]), " ".join(words[:cut])
                if len(tails.get(tail, ())) >= 2 or (head in singles and head != name):
                    name = head
                    break
        out.append(name)
    return out


def header_lines(lines: list[Line], block) -> list[Line]:
    """A block's header lines, and its anchor lines when they close the post below its text."""
    span = lines[block.top : block.bottom + 1]
    if block.start > block.bottom:
        span = span + lines[block.start : block.end + 1]
    return [l for l in span if l.text]


def read_fields(lines: list[Line], block, post: RawPost) -> None:
    """Fill the post's number, date, join date, post count, place and original-poster mark from its header."""
    header = header_lines(lines, block)
    for i, line in enumerate(header):
        after = header[i + 1].text if i + 1 < len(header) else ""
        if line.number is not None and post.number is None:
            post.number = line.number
        if line.kind == DATE and not line.meta and post.date_shown is None:
            post.date_shown = " ".join(line.date.text.split())
            post.date = line.date.iso
        elif line.kind == DATE and line.meta and _JOINED.search(line.text + " " + (header[i - 1].text if i else "")):
            post.joined = post.joined or " ".join(line.date.text.split())
        if OP_MARK.match(line.text):
            post.original_poster = True
        label, _, value = line.text.partition(":")
        value = value.strip()
        if line.kind in (LABEL, LITERAL, SHORT) and not value:
            label, value = line.text.rstrip(": "), after
        if _POSTS.match(label) and re.fullmatch(r"[\d.,]+", value or ""):
            post.post_count = post.post_count or int(re.sub(r"[.,]", "", value))
        elif _POSTS_AFTER.match(line.text) and post.post_count is None:
            post.post_count = int(re.sub(r"[^\d]", "", line.text))
        elif _PLACE.match(label) and value and line.kind in (FIELD, LABEL, LITERAL) and post.location is None:
            post.location = value
    if post.date is None and post.date_shown is None:
        for line in header:
            if line.kind == DATE and line.meta is False:
                post.date_shown, post.date = " ".join(line.date.text.split()), line.date.iso
                break


def rank_after(lines: list[Line], block, name: str | None) -> str | None:
    """The rank printed on the line after the name, when it is a short line of its own."""
    if not name:
        return None
    header = header_lines(lines, block)
    for line, following in zip(header, header[1:]):
        if line.text.startswith(name):
            whole = line.text[len(name) :].strip(" ,·•|")
            rest = whole.replace(line.date.text, " ") if line.date is not None else whole
            # "Name 15/05/19 #6": the post's date and number, not a rank; the post's text comes next.
            rest = re.sub(r"(?:^|\s)#\s?\d{1,6}\s*$", " ", rest).strip(" ,·•|")
            if rest and not re.fullmatch(r"[\d.,]+", rest):
                return rest
            if rest != whole:
                return None
            if following.kind in (SHORT, LITERAL) and not is_mark(following.text) and not _PLACE.match(following.text):
                if not following.text.startswith(name) and following.kind not in (SUBJECT, NUMBER, PROSE):
                    return following.text
            return None
    return None
