"""A saved page's text in, a RawThread out: the post elements read as posts, or the page as one post with a note."""

from __future__ import annotations

import re

from index.threads.dialects.common import RawPost, RawThread
from index.threads.html import page
from index.threads.html.body import BodyReader, is_chrome_element
from index.threads.html.dom import load
from index.threads.html.lead import find_lead
from index.threads.html.post import PostReader
from index.threads.html.records import find_records
from index.threads.html.scan import scan
from index.textsafety import without_controls

_MARKUP = re.compile(r"^\s*(?:\ufeff)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                     re.IGNORECASE | re.DOTALL)
NOT_A_THREAD = "not a thread page: no repeated posts found, so the page's text is one post"


def looks_like_page(text: str) -> bool:
    """Whether the text is HTML markup (a doctype, <html>, <head> or <body> first), not a text copy."""
    return bool(_MARKUP.match(text[:65536]))


def read_page(text: str, name: str = "") -> RawThread:
    """The thread on a saved page (`name`: its file's). Pure and deterministic; any page, however broken,
    gives at least one post."""
    tree = load(text)
    url = page.address(tree)
    heading = page.title(tree, f"{name} {url or ''}")
    forum = page.breadcrumb(tree, heading)
    root = tree.body or tree.root
    posts: list[RawPost] = []
    notes: tuple[str, ...] = ()
    if root is not None:
        s = scan(root)
        records = find_records(s)
        if records:
            lead = find_lead(s, records)
            reader = PostReader(s, records)
            posts = [reader.read(record) for record in records]
            if lead is not None:
                posts.insert(0, PostReader(s, [lead]).read(lead))
            posts = [p for p in posts if p.body.strip() or p.name]
    if not posts:
        body = BodyReader(is_chrome_element).read(root) if root is not None else []
        text_parts = [p for p in body if isinstance(p, str)]
        posts = [RawPost(body="\n\n".join(text_parts))]
        notes = (NOT_A_THREAD,)
    for post in posts:
        for name in ("name", "rank", "joined", "location", "date", "signature"):
            if (value := getattr(post, name)) is not None:
                setattr(post, name, _clean(value) or None)
    return RawThread(title=_clean(heading), dialect="html", posts=posts, forum=forum and _clean(forum),
                     url=url and _clean(url), notes=notes)


def _clean(text: str) -> str:
    """Page text without controls that could drive a terminal (the body's runs are cleaned as they are laid out)."""
    return without_controls(text).strip()
