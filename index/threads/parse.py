"""Turn a transcript's text into a Thread: dialect, signatures, authors, quotes, mentions."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import PurePath

from index.model import Block, Paragraph, Post, Quote, Thread
from index.threads.authors import find_mentions, identify
from index.threads.dialects.common import MarkedQuote, RawPost
from index.threads.dialects.detect import parse_raw
from index.threads.html import looks_like_page, read_page
from index.threads.pages import merge_run, page_runs
from index.threads.quotes import reconstruct_quotes
from index.threads.signatures import split_signatures


def thread_id(text: str, name: str) -> str:
    """Stable id of a transcript: the same file with the same content always gets the same id."""
    data = (name + "\0" + text).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _blocks(raw_post: RawPost) -> tuple[Block, ...]:
    """The body as blocks: one paragraph run, or the page's own text runs and marked quotes in order."""
    if raw_post.parts is None:
        return (Paragraph(raw_post.body),) if raw_post.body.strip() else ()
    blocks: list[Block] = []
    for part in raw_post.parts:
        if isinstance(part, MarkedQuote):
            if part.text.strip():
                # Source unknown until reconstruct_quotes finds the post that first wrote the words.
                blocks.append(Quote(part.text.strip(), None, part.author, 1.0))
        elif part.strip():
            blocks.append(Paragraph(part.strip("\n")))
    return tuple(blocks)


def parse(text: str, name: str) -> Thread:
    """The thread in `text`; `name` is where it came from. Pure, deterministic, never raises."""
    tid = thread_id(text, name)
    # A saved web page is read from its markup; a text copy by the dialects. Both go on the same way.
    raw = read_page(text, name) if looks_like_page(text) else parse_raw(text, name)
    raw_posts = split_signatures(raw.posts)
    authors = identify(raw_posts, salt=tid)
    posts = tuple(
        Post(
            index=i,
            author=author,
            blocks=_blocks(raw_post),
            number=raw_post.number,
            rank=raw_post.rank,
            joined=raw_post.joined,
            post_count=raw_post.post_count,
            location=raw_post.location,
            date=raw_post.date,
            date_shown=raw_post.date_shown,
            original_poster=raw_post.original_poster,
            edited=raw_post.edited,
            likes=tuple(raw_post.likes),
            signature=raw_post.signature,
        )
        for i, (raw_post, author) in enumerate(zip(raw_posts, authors))
    )
    title = raw.title or PurePath(name).stem or "untitled"
    dialect, forum, url, notes, chrome, pages = raw.dialect, raw.forum, raw.url, raw.notes, raw.chrome, raw.pages
    del raw, raw_posts  # the raw bodies of a huge thread need not outlive the posts made of them
    thread = Thread(
        id=tid, title=title, source=name, dialect=dialect, posts=posts, forum=forum, url=url, notes=notes, chrome=chrome
    )
    if pages:
        return _one_of_pages(thread, pages)
    return replace(thread, posts=find_mentions(reconstruct_quotes(posts)))


def _one_of_pages(thread: Thread, pages: tuple[int, ...]) -> Thread:
    """A text holding several page copies of one thread, as the pages of one thread saved as files are merged: in
    order, the posts a later page shows again (its opening post) once."""
    cuts = (0, *pages, len(thread.posts))
    copies = []
    for k, (start, end) in enumerate(zip(cuts, cuts[1:])):
        posts = tuple(replace(post, index=i) for i, post in enumerate(thread.posts[start:end]))
        copies.append(replace(thread, id=f"{thread.id}-{k}", posts=find_mentions(reconstruct_quotes(posts))))
    runs = page_runs(copies)
    merged = merge_run(runs[0] if len(runs) == 1 else copies)  # one text is one thread, in order when numbers say
    note = f"{len(copies)} page copies of the thread, one after another"
    return replace(merged, id=thread.id, source=thread.source, notes=thread.notes + (note,))
