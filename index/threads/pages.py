"""Several saved pages of one thread (page 1, 2, 3... as separate files) merged into one thread, in order, without doubles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import PurePath
from typing import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit

from index.model import Post, Quote, Thread
from index.threads.authors import find_mentions
from index.threads.copies import copy_groups, is_copy
from index.threads.quotes import reconstruct_quotes

# Query keys that choose a page, a sort order or a session, never the thread.
_PAGE_KEYS = frozenset({"page", "pg", "pagenum", "start", "offset", "sid", "s", "sort", "order", "postdays",
                        "postorder", "view", "highlight", "seite", "pagina"})
_PAGE_SEGMENT = re.compile(r"(?:page|seite|pagina|p)[-_]?(\d+)", re.IGNORECASE)  # /page-2, /p2, /seite-2
_NUMBERED_FILE = re.compile(r"^(\d+-.*?)-(\d+)(\.html?)$", re.IGNORECASE)  # 123-title-2.html: page 2 of 123-title.html
_PAGE_VALUES = ("page", "pg", "pagenum", "seite", "pagina")
_TITLE_PAGE = re.compile(r"\s*(?:[-|–—:·,(]\s*)?(?:page|seite|pagina|página)\s+\d+(?:\s+(?:of|von|de|di)\s+\d+)?\)?\s*$",
                         re.IGNORECASE)
_TITLE_REPLY = re.compile(r"^(?:re|aw|antw|rép|sv)\s*:\s*", re.IGNORECASE)
_DIGITS = re.compile(r"(\d+)")
KEY_CHARS = 400  # of a post's text that identify it: enough to tell posts apart, little to keep
MERGED_NOTE = "merged from {n} saved pages of one thread: {names}"
COPY_NOTE = "{copy} is the same page as {kept}; read from {kept}"


def title_key(title: str) -> str:
    """The thread's title without "Page 2 of 5" or "Re:", case and spacing folded; "" when it says nothing."""
    title = _TITLE_REPLY.sub("", _TITLE_PAGE.sub("", title or "")).strip()
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def _split_page(path: str) -> tuple[str, int | None]:
    """(the path without the part naming a page, the page number it names)."""
    segments = path.rstrip("/").split("/")
    last = segments[-1]
    if len(segments) > 1 and (match := _PAGE_SEGMENT.fullmatch(last)):
        return "/".join(segments[:-1]), int(match.group(1))
    if len(segments) > 2 and last.isdigit() and segments[-2].lower() in ("page", "seite", "pagina"):
        return "/".join(segments[:-2]), int(last)
    if len(segments) > 2 and last.isdigit() and segments[-2].isdigit():
        return "/".join(segments[:-1]), None  # /t/title/123/45: thread 123 from its 45th post
    if match := _NUMBERED_FILE.match(last):
        return "/".join(segments[:-1] + [match.group(1) + match.group(3)]), int(match.group(2))
    return "/".join(segments), None


def address_key(url: str | None) -> str:
    """The page's address without scheme, "www.", fragment and page parameters; "" when there is none."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
    if not host:
        return ""
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _PAGE_KEYS or key.lower().startswith("utm_"):
            continue
        if key.lower() == "topic":
            value = value.split(".", 1)[0]  # "topic=123.20": thread 123 from its 20th post
        query.append((key, value))
    path = _split_page(parts.path)[0] or "/"
    return host + path + ("?" + urlencode(sorted(query)) if query else "")


def page_number(url: str | None) -> int | None:
    """The page number an address names (?page=3, /page-3, /page/3, 12-title-3.html), if it names one."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_VALUES and value.isdigit():
            return int(value)
    return _split_page(parts.path)[1]


def _natural(name: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(PurePath(name).name))


def post_key(post: Post) -> tuple:
    """What makes two copies of a post the same post: author, date and the start of its words."""
    text = "".join(c for c in unicodedata.normalize("NFKC", " ".join(b.text for b in post.blocks)).casefold()
                   if c.isalnum())
    return (post.author.name or post.author.label, post.date, text[:KEY_CHARS])


def _order(pages: list[Thread]) -> list[Thread]:
    """Pages in reading order: by the last post number when all show one, else date, page number, file name.

    The last, not the first: some forums show the opening post atop every page.
    """
    def last(values):
        return [max(v) if v else None for v in values]

    numbers = last([[p.number for p in t.posts if p.number is not None] for t in pages])
    dates = last([[p.date for p in t.posts if p.date] for t in pages])
    pagenos = [page_number(t.url) for t in pages]
    for evidence in (numbers, dates, pagenos):
        if all(value is not None for value in evidence):
            return [t for _, _, t in sorted(zip(evidence, [_natural(t.source) for t in pages], pages),
                                            key=lambda item: (item[0], item[1]))]
    return sorted(pages, key=lambda t: _natural(t.source))


def _continues(before: list[Post], after: list[Post], same_address: bool) -> bool:
    """Whether the new posts of a page go on from the posts before.

    Post numbers go on from the last one (the next page starts at the next number); with the same
    address, dates that are no earlier will do too. A shared title alone with dates is no evidence:
    many sites put their own name in every page's heading, and threads follow one another in time.
    """
    numbers_before = [p.number for p in before if p.number is not None]
    numbers_after = [p.number for p in after if p.number is not None]
    dates_before = [p.date[:10] for p in before if p.date]
    dates_after = [p.date[:10] for p in after if p.date]
    if dates_before and dates_after and min(dates_after) < max(dates_before):
        return False
    if numbers_before and numbers_after:
        if same_address:
            return min(numbers_after) > max(numbers_before)
        return min(numbers_after) == max(numbers_before) + 1
    return same_address and bool(dates_before and dates_after)


def _groups(threads: Sequence[Thread]) -> list[list[int]]:
    """Indices of the threads sharing a title or an address (transitively), in input order."""
    parent = list(range(len(threads)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, str], int] = {}
    for i, thread in enumerate(threads):
        for key in (("title", title_key(thread.title)), ("address", address_key(thread.url))):
            if key[1]:
                j = seen.setdefault(key, i)
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(threads)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def page_runs(threads: Sequence[Thread]) -> list[list[Thread]]:
    """The threads as runs of pages of one thread, each in reading order, runs in the order of their first
    file. Pages join a run when they share a title or an address and their posts go on from its posts
    (post numbers, dates); a page whose posts are all doubles of the run's adds nothing new."""
    out: list[tuple[int, list[Thread]]] = []
    for group in _groups(threads):
        if len(group) == 1:
            out.append((group[0], [threads[group[0]]]))
            continue
        position = {id(threads[i]): i for i in group}
        runs: list[list[Thread]] = []
        seen: list[set[tuple]] = []  # each run's post keys, kept as it grows (a key reads a post's text)
        for page in _order([threads[i] for i in group]):
            keys = [post_key(post) for post in page.posts]
            for run, known in zip(runs, seen):
                if _fits(run, page, keys, known):
                    run.append(page)
                    known.update(keys)
                    break
            else:
                runs.append([page])
                seen.append(set(keys))
        out.extend((min(position[id(t)] for t in run), run) for run in runs)
    return [run for _, run in sorted(out, key=lambda item: item[0])]


def merge_run(run: Sequence[Thread]) -> Thread:
    """One thread of the pages of a run (page_runs); a run of one page is that page's thread."""
    return run[0] if len(run) == 1 else _merged(list(run))


def merge_pages(threads: Sequence[Thread]) -> list[Thread]:
    """The threads with the pages of one thread merged into one, in order, without doubled posts; pure."""
    return [merge_run(run) for run in page_runs(threads)]


def _fits(run: list[Thread], page: Thread, keys: list[tuple], seen: set[tuple]) -> bool:
    """Whether the page goes on the run (`keys`: its posts' keys; `seen`: the run's)."""
    here = address_key(page.url)
    there = {address_key(t.url) for t in run} - {""}
    if here and there - {here}:
        return False  # one title, two addresses: two threads
    before = [p for t in run for p in t.posts]
    new = [p for p, key in zip(page.posts, keys) if key not in seen]
    if not new or _continues(before, new, bool(here) and here in there):
        return True  # the next page, or the same page saved twice
    return any(is_copy(t, page) for t in run)  # the same page in another form


def _merge_notes(groups: list[list[Thread]]) -> tuple[str, ...]:
    """What the merge did, by file name: the pages joined, and each copy with the page read instead."""
    def name(page: Thread) -> str:
        return PurePath(page.source).name
    joined = (MERGED_NOTE.format(n=len(groups), names=", ".join(name(g[0]) for g in groups)),) if len(groups) > 1 else ()
    return joined + tuple(COPY_NOTE.format(copy=name(c), kept=name(g[0])) for g in groups for c in g[1:])


def _merged(pages: list[Thread]) -> Thread:
    posts: list[Post] = []
    where: dict[tuple, int] = {}
    groups = copy_groups(pages)
    distinct = [g[0] for g in groups]
    for page in distinct:
        moved: dict[int, int] = {}  # the page's post index -> its index in the merged thread
        for post in page.posts:
            key = post_key(post)
            if key in where:
                moved[post.index] = where[key]
                continue
            moved[post.index] = where[key] = len(posts)
            posts.append(replace(post, index=len(posts), blocks=tuple(
                replace(b, source=moved.get(b.source)) if isinstance(b, Quote) and b.source is not None else b
                for b in post.blocks)))
    # Quotes across pages (page 2 quoting page 1) could not be found in one page alone.
    merged_posts = find_mentions(reconstruct_quotes(posts))
    first = distinct[0]
    digest = hashlib.blake2b("\0".join(t.id for t in pages).encode(), digest_size=8).hexdigest()
    notes = tuple(dict.fromkeys(n for t in pages for n in t.notes)) + _merge_notes(groups)
    return replace(first, id=digest, posts=merged_posts, notes=notes,
                   forum=first.forum or next((t.forum for t in pages if t.forum), None),
                   url=first.url or next((t.url for t in pages if t.url), None))
