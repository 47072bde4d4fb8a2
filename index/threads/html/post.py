"""The fields of one post element: author, date, number, member details, signature, and the body's parts."""

from __future__ import annotations

import re

from index.threads.dialects.common import MarkedQuote, RawPost
from index.threads.html.body import BodyReader
from index.threads.html.dom import is_quote
from index.threads.html.dates import to_iso
from index.threads.html.dom import collapse, own_text, text_of, words
from index.threads.html.layout import Layout, choose_body, common_key, relative_keys
from index.threads.html.scan import SIGNATURE_WORDS, Scan, date_attribute, is_profile_link

_EDITED = re.compile(r"^(?:last edited|edited by|edited|zuletzt (?:bearbeitet|geändert)|geändert von|bearbeitet von|"
                     r"modifié|dernière modification|editado|modificato)\b", re.IGNORECASE)
_JOINED = re.compile(r"\b(?:joined|registered|member since|registriert(?: seit)?|dabei seit|mitglied seit|"
                     r"inscrit(?: le)?|inscription)\b\s*:?\s*(?:\|\s*)?(?P<v>[^|]{3,30}?)\s*(?:\||$)", re.IGNORECASE)
_COUNT = re.compile(r"(?:^|\|)\s*(?:posts|messages|beiträge|beitraege|nachrichten|antworten|contributions)\s*:?\s*(?:\|\s*)?"
                    r"(?P<v>\d[\d.,\u202f\u00a0 ]*)\s*(?:\||$)"
                    r"|(?:^|\|)\s*(?P<w>\d[\d.,\u202f\u00a0]*)\s+(?:posts|messages|beiträge)\s*(?:\||$)", re.IGNORECASE)
_LOCATION = re.compile(r"\b(?:location|wohnort|ort|localisation|lieu)\s*:\s*(?:\|\s*)?(?P<v>[^|]{2,40}?)\s*(?:\||$)", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:#|(?:post|beitrag|message|antwort|reply)\s*#?)\s*(\d{1,6})\b", re.IGNORECASE)
_RANK = re.compile(r"rank|(?:user|member)[-_]?title")


COMMON_SHARE = 0.5
ALONE_SHARE = 0.5  # of a lone post's text its body holds
HEADER_CHARS = 160  # text before a post's name and date that is still its header (a number, "Posted by")  # a place at least half as many posts have a date at as the most common one


def _inside(s: Scan, j: int, start: int) -> bool:
    return start <= j < s.end[start]


class PostReader:
    """Reads every post element of a page with what the posts share (where the body, author and date sit)."""

    def __init__(self, s: Scan, records: list[int]) -> None:
        self.s = s
        self.records = records
        self.layout: Layout = relative_keys(s, records)
        choose_body(s, records, self.layout)
        self.bodies = {r: self._body(r) for r in records}
        if len(records) == 1 and not self._holds_most(records[0]):
            # One post gives no template to learn from: a body without most of its text is a guess gone wrong.
            self.bodies[records[0]] = records[0]
        self.quotes = {r: self._quotes(r) for r in records}
        authors = [self._authors(r) for r in records]
        links = {j for found in authors for j in found if is_profile_link(s.nodes[j])}
        self.author_key = common_key(self.layout, authors, links, lambda j: text_of(s.nodes[j]))
        self.date_key = self._date_key()

    def _holds_most(self, record: int) -> bool:
        body = self.bodies[record]
        if body == record:
            return True
        size = sum(len(collapse(self.s.nodes[j].text(deep=True))) for j in self.s.tops(record))
        return len(collapse(self.s.nodes[body].text(deep=True))) >= ALONE_SHARE * size

    def _body(self, record: int) -> int:
        found = self.layout.find(self.s, record, self.layout.body)
        return found[0] if found else record

    def _quotes(self, record: int) -> list[int]:
        body = self.bodies[record]
        inside = self.s.span(body) if body == record else self.s.subtree(body)
        return [j for j in inside if j != body and is_quote(self.s.nodes[j])]

    def _outside_quotes(self, record: int, j: int) -> bool:
        return not any(_inside(self.s, j, q) for q in self.quotes[record])

    def _candidates(self, record: int, flags: list[bool]) -> list[int]:
        found = [j for j in self.s.span(record) if flags[j] and self._outside_quotes(record, j)]
        body = self.bodies[record]
        outside = [j for j in found if not _inside(self.s, j, body)] if body != record else found
        return outside or found

    def _authors(self, record: int) -> list[int]:
        found = self._candidates(record, self.s.is_user)
        # The name itself, not the block around it that also holds the rank ("djatcan Stammgast").
        return [j for k, j in enumerate(found) if not (k + 1 < len(found) and _inside(self.s, found[k + 1], j))]

    def _dates(self, record: int) -> list[int]:
        return [j for j in self._candidates(record, self.s.is_date) if not _JOINED.search(text_of(self.s.nodes[j]))]

    def _iso(self, j: int) -> str | None:
        node = self.s.nodes[j]
        return to_iso(date_attribute(node) or "") or to_iso(text_of(node))

    def _date_key(self) -> int | None:
        """Where the post date sits: of the places most posts have a date, the one with the latest dates.

        A member's join date is never after their post, so this passes over "Joined:" boxes in any language.
        """
        seen: dict[int, list[str]] = {}
        for record in self.records:
            for key, j in {self.layout.rel[j]: j for j in reversed(self._dates(record))}.items():
                seen.setdefault(key, []).append(self._iso(j) or "")
        if not seen:
            return None
        most = max(len(values) for values in seen.values())
        common = [key for key, values in seen.items() if len(values) >= COMMON_SHARE * most]
        return max(common, key=lambda key: (sorted(seen[key])[len(seen[key]) // 2], len(seen[key])))

    def _pick(self, found: list[int], key: int | None) -> int | None:
        for j in found:
            if self.layout.rel[j] == key:
                return j
        return found[0] if found else None

    def read(self, record: int) -> RawPost:
        s = self.s
        post = RawPost()
        author = self._pick(self._authors(record), self.author_key)
        if author is not None:
            post.name = text_of(s.nodes[author]).strip(" :,;|·-–—»>").strip() or None
        date = self._pick(self._dates(record), self.date_key)
        if date is not None:
            post.date = self._iso(date)
        body = self.bodies[record]
        signature: list[str] = []
        edited = [False]

        def skip(node) -> bool:
            found = words(node)
            if SIGNATURE_WORDS.search(found):
                text = text_of(node)
                if text:
                    signature.append(text)
                return True
            if author is not None and node.mem_id == s.nodes[author].mem_id and body != record:
                return True
            if _EDITED.match(text_of(node)[:40]) and len(text_of(node)) <= 200 and node.tag not in ("p", "blockquote"):
                edited[0] = True
                return True
            return False

        roots = [s.nodes[body]] if body != record else [s.nodes[j] for j in s.tops(record)]
        parts = self._read_body(record, body, roots, skip, [j for j in (author, date) if j is not None])
        if body != record:
            self._header(record, body, post, signature, edited)
        post.signature = "\n".join(signature) or None
        post.edited = edited[0]
        post.parts = parts if any(isinstance(p, MarkedQuote) for p in parts) else None
        post.body = "\n\n".join(p.text if isinstance(p, MarkedQuote) else p for p in parts)
        return post

    def _read_body(self, record: int, body: int, roots: list, skip, anchors: list[int]) -> list[str | MarkedQuote]:
        """The body's parts; a body that holds the post's name or date loses the header up to them."""
        within = self.s.span(record) if body == record else self.s.subtree(body)
        anchors = [j for j in anchors if j in within]
        if anchors:
            last = max(anchors)
            holders = frozenset(self.s.nodes[j].mem_id for j in within if j < last < self.s.end[j])
            reader = BodyReader(skip, (self.s.nodes[last].mem_id, holders))
            parts = reader.read_all(roots)
            if reader.header is None and reader.header_chars <= HEADER_CHARS:
                return parts
        return BodyReader(skip).read_all(roots)

    def _header(self, record: int, body: int, post: RawPost, signature: list[str], edited: list[bool]) -> None:
        """Member details, post number, signature and edit notes from the post element outside its body."""
        s = self.s
        skip_until = -1
        for j in s.span(record):
            if j < skip_until:
                continue
            if _inside(s, j, body):
                skip_until = s.end[body]
                continue
            node = s.nodes[j]
            found = words(node)
            if SIGNATURE_WORDS.search(found) and j != record:
                if text := text_of(node):
                    signature.append(text)
                skip_until = s.end[j]
                continue
            if post.rank is None and _RANK.search(found) and j != record:
                text = text_of(node)
                if 0 < len(text) <= 60:
                    post.rank = text
            own = own_text(node)
            if own and _EDITED.match(own):
                edited[0] = True
            if own and post.number is None and (match := _NUMBER.match(own)):
                post.number = int(match.group(1))
        # Labels and values in reading order ("Posts:" in a <strong>, "516" after it), the body cut out.
        cut = s.nodes[body].text(deep=True, separator=" | ")
        line = " | ".join(
            " ".join((text.replace(cut, " | ") if cut.strip() else text).split())
            for text in (s.nodes[top].text(deep=True, separator=" | ") for top in s.tops(record))
        )
        if match := _JOINED.search(line):
            post.joined = match.group("v").strip(" ,")
        if match := _COUNT.search(line):
            digits = re.sub(r"\D", "", match.group("v") or match.group("w") or "")
            post.post_count = int(digits) if digits and len(digits) <= 9 else None
        if match := _LOCATION.search(line):
            post.location = match.group("v").strip()
