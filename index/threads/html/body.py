"""A post's body element as text runs and MarkedQuotes: paragraphs, lists, code, images and links kept readable."""

from __future__ import annotations

import re
from typing import Callable

from selectolax.lexbor import LexborNode

from index.threads.dialects.common import MarkedQuote, is_chrome
from index.threads.html.dom import is_quote, text_of, words
from index.threads.html.quotehead import attribute_author, head_author
from index.textsafety import without_controls

PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "table", "hr", "blockquote",
                            "figure", "dl", "fieldset", "details", "aside"})
LINE_TAGS = frozenset({"div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "main", "nav",
                       "address", "center", "summary", "figcaption", "caption", "form", "legend", "cite", "tbody"})
# "expandContent", "share-body": the words inside a control's frame, not the control.
_CHROME_WORDS = re.compile(r"(?:button|btn|reaction|likes?\b|share|vote|toolbar|controls|menu|avatar|expand|report|"
                           r"bookmark|permalink|tooltip|popup|dropdown|sr-only|visually-hidden|screen-reader)"
                           r"(?![-_]?(?:content|body|text|message|inner))")
_SMALL_IMAGE_WORDS = re.compile(r"smil|emoji|emoticon|icon|avatar")
CHROME_CHARS = 64  # an element named like a button holding more than this is content ("Click to expand" in German is 63)
WRAPPER_SHARE = 0.9  # a quote-like element holding nearly all of its quote is the quote's frame, not a nested quote
MAX_QUOTE_DEPTH = 12
_SHORTCODE = re.compile(r"^:[\w+-]+:$")
_PLACEHOLDER = re.compile(r"\[image(?:: [^\]]*)?\]")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")

Part = "str | MarkedQuote"


def is_chrome_element(node: LexborNode) -> bool:
    """Buttons, reaction bars, share links and the like: named so by their class and holding little text."""
    if node.attributes.get("role") in ("button", "toolbar", "menu", "menubar"):
        return True
    if node.attributes.get("aria-hidden") == "true" and node.tag in ("span", "i", "div"):
        return len(text_of(node)) <= 3
    return bool(_CHROME_WORDS.search(words(node))) and len(text_of(node)) <= CHROME_CHARS


def _image(node: LexborNode) -> str:
    alt = " ".join((node.attributes.get("alt") or node.attributes.get("title") or "").split())
    if _SHORTCODE.match(alt) or _SMALL_IMAGE_WORDS.search(words(node)) or (alt and len(alt) <= 3):
        # A smiley reads as itself (":)", "😀"), not as "[image: :)]"; a named one (":thinking:") as nothing,
        # as in the browser's own copy of the page.
        return "" if any(c.isalnum() for c in alt) and len(alt) > 3 else alt
    return f"[image: {alt}]" if alt else "[image]"


class _Head(str):
    """A quote's attribution line ("Alice said:"): text of the post, also inside a quote that quotes it."""


class _Run:
    """Text being laid out: lines, with the breaks between blocks collapsed."""

    def __init__(self) -> None:
        self.lines: list[str] = [""]
        self.pending = 0  # 1: a line break is owed, 2: a blank line

    def brk(self, level: int) -> None:
        self.pending = max(self.pending, level)

    def text(self, text: str, raw: bool = False) -> None:
        if not raw:
            text = _SPACES.sub(" ", text)
        if not text or (not raw and text == " " and not self.lines[-1]):
            return
        if self.pending and (self.lines[-1].strip() or len(self.lines) > 1):
            self.lines.append("")
            if self.pending == 2:
                self.lines.append("")
        self.pending = 0
        for i, piece in enumerate(text.split("\n") if raw else [text]):
            if i:
                self.lines.append("")
            if not self.lines[-1] and not raw:
                piece = piece.lstrip()
            self.lines[-1] += piece

    def render(self) -> str:
        out: list[str] = []
        for line in self.lines:
            line = without_controls(line.rstrip())
            if is_chrome(line):
                continue
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip("\n")


class BodyReader:
    """Lays out one body element; `skip` names elements that are not the post's words (signature, header)."""

    def __init__(self, skip: Callable[[LexborNode], bool], header: tuple[int, frozenset[int]] | None = None) -> None:
        self.skip = skip
        self.parts: list[str | MarkedQuote] = []
        self.run = _Run()
        # A post element that is its own body starts with its header: everything before the element
        # `header[0]` (the last of its name and date) except the elements holding it is left out.
        self.header = header
        self.header_chars = 0

    def read(self, root: LexborNode) -> list[str | MarkedQuote]:
        return self.read_all([root])

    def read_all(self, roots: list[LexborNode]) -> list[str | MarkedQuote]:
        for root in roots:
            self._walk(root, root, depth=0)
            self.run.brk(1)
        self._flush()
        return [p if isinstance(p, MarkedQuote) else str(p) for p in self.parts
                if (p.text if isinstance(p, MarkedQuote) else p).strip()]

    def _flush(self) -> None:
        text = self.run.render()
        if text:
            self.parts.append(text)
        self.run = _Run()

    def _walk(self, root: LexborNode, top: LexborNode, depth: int, quote: list | None = None) -> None:
        """Depth-first over `root` without recursion (pages nest deeply); quotes start a nested read."""
        stack: list[tuple[LexborNode, bool, bool]] = [(root, True, False)]
        while stack:
            node, entering, pre = stack.pop()
            if not entering:
                self._close(node)
                continue
            if self.header is not None and self._in_header(node):
                continue
            if node.is_text_node:
                self.run.text(node.text_content or "", raw=pre)
                continue
            if not node.is_element_node:
                continue
            if node.mem_id != root.mem_id:
                if self.skip(node) or is_chrome_element(node):
                    continue
                if depth < MAX_QUOTE_DEPTH and is_quote(node) and not self._is_frame(node, top):
                    self._quote(node, depth)
                    continue
            tag = node.tag
            if tag == "br":
                self.run.text("\n", raw=True)
                continue
            if tag == "img":
                self.run.text(" " + _image(node) + " ")
                continue
            self._open(node)
            stack.append((node, False, pre))
            pre = pre or tag == "pre"
            kids = []
            child = node.child
            while child is not None:
                kids.append(child)
                child = child.next
            stack.extend((kid, True, pre) for kid in reversed(kids))

    def _in_header(self, node: LexborNode) -> bool:
        last, holders = self.header
        if node.is_element_node and node.mem_id in holders:
            return False
        if node.mem_id == last:
            self.header = None
        self.header_chars += len(node.text(deep=True).strip()) if node.is_element_node else len((node.text_content or "").strip())
        return True

    def _open(self, node: LexborNode) -> None:
        tag = node.tag
        if tag in PARAGRAPH_TAGS:
            self.run.brk(2)
        elif tag in LINE_TAGS:
            self.run.brk(1)
        if tag == "li":
            self.run.text("- ")
        elif tag in ("td", "th"):
            self.run.text(" ")

    def _close(self, node: LexborNode) -> None:
        tag = node.tag
        if tag in PARAGRAPH_TAGS:
            self.run.brk(2)
        elif tag in LINE_TAGS:
            self.run.brk(1)

    @staticmethod
    def _is_frame(node: LexborNode, top: LexborNode) -> bool:
        """A quote-like element that is the post body itself, or the frame around the whole of a quote."""
        if node.mem_id == top.mem_id:
            return True
        inner, outer = len(text_of(node)), len(text_of(top))
        return outer > 0 and inner >= WRAPPER_SHARE * outer and top.tag != "body" and attribute_author(node) is None \
            and not is_quote_head(text_of(node))

    def _quote(self, node: LexborNode, depth: int) -> None:
        """A quote element: its attribution line stays as text, its words become MarkedQuotes (nested ones first)."""
        before = self.run.render().rsplit("\n", 1)[-1]
        self._flush()
        inner = BodyReader(self.skip)
        inner._walk(node, node, depth + 1)
        inner._flush()
        author = attribute_author(node)
        parts = inner.parts
        head = None
        if parts and isinstance(parts[0], str):
            first, _, rest = parts[0].partition("\n")
            first = " ".join(_PLACEHOLDER.sub(" ", first).split())  # quote icons beside "Quote from NAME"
            is_head, name = head_author(first)
            if is_head:
                head, author = first, author or name
                parts = ([rest] if rest.strip() else []) + parts[1:]
        if head is None:
            # The attribution may sit in an element laid out as a control (broken markup): read the raw text.
            raw = next((line.strip() for line in node.text(deep=True).split("\n") if line.strip()), "")
            is_head, name = head_author(raw)
            if is_head:
                head, author = raw, author or name
        if head is not None:
            self.parts.append(_Head(head))
        if author is None:
            author = head_author(before)[1]
        if len(parts) == 1 and isinstance(parts[0], MarkedQuote) and parts[0].author is None:
            parts = [MarkedQuote(parts[0].text, author)]  # a frame around the quote, not a quote in a quote
        for part in parts:
            quoted = isinstance(part, str) and not isinstance(part, _Head)
            self.parts.append(MarkedQuote(part, author) if quoted else part)


def is_quote_head(text: str) -> bool:
    return head_author(text.split("\n", 1)[0][:200])[0]
