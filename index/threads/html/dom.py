"""Load a page into a Lexbor DOM without what never shows as text, and small helpers over its nodes."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Never shown as the page's text, or would run or fetch something: gone before anything reads the page.
DROPPED = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "canvas", "video", "audio", "source", "track", "map",
    "button", "input", "select", "textarea", "option", "dialog",
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_QUOTE_WORDS = re.compile(r"quote|citation|zitat")
_NOT_QUOTE_WORDS = re.compile(r"quote-?(?:button|link|icon|control|action)|multiquote|selectquote|quoteall")
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")


NOSCRIPT_KEPT = 200  # characters of text that make a <noscript> the page's content, not a tracker or a banner
_TAG = re.compile(r"<[^>]*>")


def _noscript(text: str) -> str:
    """The page with small <noscript> blocks (trackers, "enable JavaScript") cut and big ones opened up.

    Discourse and others put the whole thread in <noscript> for crawlers; a browser that ran the
    page's scripts would show the same posts, so a saved page is read with that content in place.
    """
    lower = text.lower()
    out: list[str] = []
    start = 0
    while (open_at := lower.find("<noscript", start)) >= 0:
        content_at = lower.find(">", open_at)
        close_at = lower.find("</noscript", content_at) if content_at >= 0 else -1
        if close_at < 0:
            break
        out.append(text[start:open_at])
        inner = text[content_at + 1 : close_at]
        if len(_WS.sub("", _TAG.sub("", inner))) >= NOSCRIPT_KEPT:
            out.append(inner)
        end = lower.find(">", close_at)
        start = end + 1 if end >= 0 else len(text)
    out.append(text[start:])
    return "".join(out)


# Pages saved through an XML serializer write <i class="icon"/> and <iframe .../>. HTML ignores
# the "/", so each such tag would stay open: icons would nest the rest of the page ever deeper and
# an iframe would swallow it. The author (and the serializer) meant an empty element.
_SELF_CLOSED = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?/>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "command", "basefont", "bgsound", "frame", "image", "spacer"})


def _closed(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.lower() in _VOID:
        return match.group(0)
    return f"<{name}{match.group(2) or ''}></{name}>"


def load(text: str) -> LexborHTMLParser:
    """The page's DOM with scripts, styles, embeds, form controls and hidden elements removed."""
    text = _SELF_CLOSED.sub(_closed, _noscript(text))
    # As the browser that saved the page did: with scripting on, <noscript> holds raw text, so an
    # unclosed <iframe/> inside one cannot swallow the rest of the page.
    tree = LexborHTMLParser(text, scripting=True)
    tree.strip_tags(list(DROPPED))
    for node in tree.css("[hidden], [style*='none'], [style*='hidden']"):
        if "hidden" in node.attributes or _HIDDEN_STYLE.search(node.attributes.get("style") or ""):
            node.decompose()
    return tree


def classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").lower().split()


def class_key(node: LexborNode) -> str:
    """Tag and classes without numbers: posts alternate bg1/bg2 and carry ids like post-123."""
    tokens = sorted({_DIGITS.sub("", c) for c in classes(node)} - {""})
    return node.tag + "." + ".".join(tokens)


def short_key(node: LexborNode) -> str:
    """Tag and first class without numbers: the template's own name, not its state modifiers."""
    first = next((c for c in (_DIGITS.sub("", c) for c in classes(node)) if c), "")
    return node.tag + "." + first


def words(node: LexborNode) -> str:
    """Class, id, itemprop and rel of an element as one lower-case string, for generic vocabulary."""
    attrs = node.attributes
    return " ".join((attrs.get(a) or "") for a in ("class", "id", "itemprop", "rel", "role")).lower()


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def text_of(node: LexborNode) -> str:
    """The element's text, whitespace collapsed (script-free already)."""
    return collapse(node.text(deep=True, separator=" "))


def children(node: LexborNode):
    child = node.child
    while child is not None:
        yield child
        child = child.next


def own_text(node: LexborNode) -> str:
    """The text directly inside the element, not in its child elements."""
    return collapse(" ".join(c.text_content or "" for c in children(node) if c.is_text_node))


def is_quote(node: LexborNode) -> bool:
    """A blockquote, or an element its class calls a quote (not a "quote" button)."""
    if node.tag == "blockquote":
        return True
    found = words(node)
    return bool(_QUOTE_WORDS.search(found)) and not _NOT_QUOTE_WORDS.search(found)
