"""MovieChat copies: a breadcrumb, the full title, then posts each ended by a "reply" line."""

from __future__ import annotations

from index.threads.dialects.common import RawPost, RawThread, body_text, clean_lines, is_blank, split_on, take_title

CRUMB = " > "


def is_reply(line: str) -> bool:
    return line.strip().lower() == "reply"


def has_breadcrumb(lines: list[str]) -> bool:
    """A first line of " > "-separated crumbs, then the title and posts, the last post ended by a reply line."""
    first, rest = take_title(lines)
    if not first or len([crumb for crumb in first.split(CRUMB) if crumb.strip()]) < 2:
        return False
    last = next((line for line in reversed(rest) if not is_blank(line)), None)
    return last is not None and is_reply(last)


def _title_from(truncated: str, candidate: str | None) -> bool:
    """Whether `candidate` is the full title of which the breadcrumb shows `truncated`."""
    if not candidate:
        return False
    stem = truncated.rstrip(".…").strip().lower()
    return bool(stem) and candidate.lower().startswith(stem)


def parse(text: str) -> RawThread:
    lines = clean_lines(text)
    first, rest = take_title(lines)
    forum = None
    title = first or ""
    if first and CRUMB in first:
        crumbs = first.split(CRUMB)
        forum = CRUMB.join(crumbs[:-1]) if len(crumbs) > 1 else None
        candidate, after = take_title(rest)
        if _title_from(crumbs[-1], candidate):
            title, rest = candidate, after
        else:
            # No full title follows; the breadcrumb's last crumb is the best title there is.
            title = crumbs[-1].strip()
    posts = [
        RawPost(body=body_text(chunk))
        for chunk in split_on(rest, is_reply)
        if not all(is_blank(line) for line in chunk)
    ]
    return RawThread(title=title, dialect="moviechat", posts=posts, forum=forum)
