"""What the page says about the thread: its heading, the forum path in the breadcrumb, and its address."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from index.threads.dialects.common import name_words, repeats_name
from index.threads.html.dom import text_of

TITLE_CHARS = 160
CRUMB_LINKS = 10
_SITE_SPLIT = re.compile(r"\s+[|–—·•»:-]\s+")
_CRUMB_SELECTOR = (
    "[class*=crumb i], [id*=crumb i], [aria-label*=crumb i], [itemtype*=BreadcrumbList], [class*=nav-path i], "
    "[class*=navpath i]"
)


def _meta(tree: LexborHTMLParser, selector: str, attr: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attr) if node is not None else None
    return " ".join(value.split()) if value else None


def address(tree: LexborHTMLParser) -> str | None:
    """The page's own URL: the canonical link, else og:url."""
    for selector, attr in (("link[rel=canonical]", "href"), ("meta[property='og:url']", "content")):
        if value := _meta(tree, selector, attr):
            return value
    return None


def _cut(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def title(tree: LexborHTMLParser, hint: str = "") -> str:
    """The thread's heading: the first <h1> or <h2> that the page's own title (<title>, og:title) holds, else
    one that the file's name or address (`hint`) repeats, else the first <h1> unless it is the site's name,
    else the longest part of the page's title."""
    declared = _meta(tree, "meta[property='og:title']", "content")
    if (node := tree.css_first("title")) is not None and (text := text_of(node)):
        declared = text
    whole = _folded(declared or "")
    parts = [_folded(part) for part in _SITE_SPLIT.split(declared or "") if part.strip()]
    # The site's or section's name after the thread's, or the page's title copied whole into a heading.
    named = set(parts[1:]) | ({whole} if len(parts) > 1 else set())
    headings = [(node.tag, text, _folded(text)) for node in tree.css("h1, h2") if (text := text_of(node))]
    for tag in ("h1", "h2"):
        for kind, text, folded in headings:
            if kind == tag and len(folded) >= 3 and folded in whole and folded not in named:
                return _cut(text)
    hinted = name_words(hint)
    for _, text, folded in headings:
        if repeats_name(text, hinted) and folded not in named:
            return _cut(text)
    # A site whose page title says nothing of the thread ("Forum - View topic") still heads it with <h1>;
    # a first <h1> that is the site's name (a logo) is no thread's.
    first = next(((text, folded) for kind, text, folded in headings if kind == "h1"), None)
    if first and first[1] not in named:
        return _cut(first[0])
    if not declared:
        return _cut(first[0] if first else "")
    return _cut(max(_SITE_SPLIT.split(declared), key=len).strip())


def breadcrumb(tree: LexborHTMLParser, heading: str) -> str | None:
    """The forum path: the links of the breadcrumb trail, joined with " › ", without the thread itself."""
    trail = None
    for node in tree.css(_CRUMB_SELECTOR):
        # A trail is a few links; a menu that happens to sit in a "crumb" box is not.
        if 0 < len(node.css("a")) <= CRUMB_LINKS:
            trail = node
            break
    if trail is None:
        return None
    crumbs: list[str] = []
    for link in trail.css("a"):
        text = text_of(link)
        if text and text not in crumbs and text != heading and len(text) <= 80:
            crumbs.append(text)
    return " › ".join(crumbs) or None
