"""Threads and posts to and from the compact JSON the index stores."""

from __future__ import annotations

import datetime as _dt
import json

from index.library.activity import activity
from index.model import Author, Paragraph, Post, Quote, Thread, ThreadSummary

_JOINED_FORMATS = ("%b %Y", "%B %Y", "%Y-%m", "%m/%Y", "%Y")


def _dump(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def post_to_json(post: Post) -> str:
    """A post as compact JSON; defaults are left out to keep the stored fields lean."""
    data: dict = {"i": post.index, "a": [post.author.name, post.author.key, post.author.label]}
    optional = {
        "n": post.number, "r": post.rank, "j": post.joined, "c": post.post_count,
        "l": post.location, "d": post.date, "s": post.signature, "ds": post.date_shown,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    if post.edited:
        data["e"] = 1
    if post.original_poster:
        data["o"] = 1
    if post.likes:
        data["k"] = list(post.likes)
    if post.mentions:
        data["m"] = list(post.mentions)
    data["b"] = [
        ["q", block.text, block.source, block.source_author, block.score]
        if isinstance(block, Quote)
        else ["t", block.text]
        for block in post.blocks
    ]
    return _dump(data)


def post_from_json(raw: str) -> Post:
    data = json.loads(raw)
    name, key, label = data["a"]
    blocks = tuple(
        Quote(text=b[1], source=b[2], source_author=b[3], score=b[4]) if b[0] == "q" else Paragraph(b[1])
        for b in data["b"]
    )
    return Post(
        index=data["i"], author=Author(name, key, label), blocks=blocks, number=data.get("n"),
        rank=data.get("r"), joined=data.get("j"), post_count=data.get("c"), location=data.get("l"),
        date=data.get("d"), edited=bool(data.get("e")), likes=tuple(data.get("k", ())),
        signature=data.get("s"), mentions=tuple(data.get("m", ())), date_shown=data.get("ds"),
        original_poster=bool(data.get("o")),
    )


def summary_of(thread: Thread, *, imported: float) -> ThreadSummary:
    dates = sorted(post.date for post in thread.posts if post.date)
    return ThreadSummary(
        id=thread.id, title=thread.title, forum=thread.forum, post_count=thread.post_count,
        authors=thread.authors, source=thread.source, dialect=thread.dialect,
        first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
        imported=imported, url=thread.url,
        activity=activity(moment for moment in map(parse_date, dates) if moment is not None),
    )


def meta_to_json(summary: ThreadSummary, *, content_hash: str, notes: tuple[str, ...], chrome: tuple[str, ...] = (),
                 pages: tuple[tuple[str, str], ...] = ()) -> str:
    """The thread document's stored summary, plus the source's content hash (the manifest) and the page's chrome;
    `pages`: the (source, content hash) of each saved page a merged thread was made of."""
    data = {
        "id": summary.id, "title": summary.title, "forum": summary.forum,
        "post_count": summary.post_count, "authors": list(summary.authors),
        "source": summary.source, "dialect": summary.dialect, "first_date": summary.first_date,
        "last_date": summary.last_date, "imported": summary.imported, "hash": content_hash,
        "notes": list(notes), **({"chrome": list(chrome)} if chrome else {}),
    }
    if summary.url:
        data["url"] = summary.url  # only saved web pages have one; older libraries lack the key
    if summary.activity:
        data["activity"] = list(summary.activity)  # older libraries lack the key: no activity shown
    if pages:
        data["pages"] = [list(page) for page in pages]
    return _dump(data)


def chrome_from_json(raw: str) -> tuple[str, ...]:
    """The page lines a thread document holds aside (menus, buttons, headers of a copied page)."""
    return tuple(json.loads(raw).get("chrome", ()))


def meta_from_json(raw: str) -> tuple[ThreadSummary, str, tuple[str, ...]]:
    """(summary, content hash, notes) from a thread document."""
    data = json.loads(raw)
    summary = ThreadSummary(
        id=data["id"], title=data["title"], forum=data["forum"], post_count=data["post_count"],
        authors=tuple(data["authors"]), source=data["source"], dialect=data["dialect"],
        first_date=data["first_date"], last_date=data["last_date"], imported=data["imported"],
        url=data.get("url"), activity=tuple(data.get("activity", ())),
    )
    return summary, data["hash"], tuple(data.get("notes", ()))


def meta_pages(raw: str) -> tuple[tuple[str, str], ...]:
    """The (source, content hash) of the saved pages a merged thread was made of; () for one file."""
    return tuple((source, digest) for source, digest in json.loads(raw).get("pages", ()))


def parse_joined(joined: str | None) -> _dt.datetime | None:
    """"Mar 2019" (and a few other shapes) as the first day of that month."""
    if not joined:
        return None
    text = " ".join(joined.replace(",", " ").split())
    for fmt in _JOINED_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_date(date: str | None) -> _dt.datetime | None:
    """An ISO date or datetime, or None when the transcript's date is not one."""
    if not date:
        return None
    try:
        value = _dt.datetime.fromisoformat(date.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=None)
