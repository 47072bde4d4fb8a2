"""What the page says about the thread: its heading, the forum path in the breadcrumb, and its address."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from index.threads.html.dom import text_of

TITLE_CHARS = 160
CRUMB_LINKS = 10
_SITE_SPLIT = re.compile(r"\s+[|–—·»:-]\s+")
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


def title(tree: LexborHTMLParser) -> str:
    """The thread's heading: the page's <h1>, else og:title, else the longest part of <title> (not the site name)."""
    for node in tree.css("h1"):
        if text := text_of(node):
            return _cut(text)
    if og := _meta(tree, "meta[property='og:title']", "content"):
        return _cut(og)
    node = tree.css_first("title")
    if node is None or not (text := text_of(node)):
        return ""
    return _cut(max(_SITE_SPLIT.split(text), key=len))


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
