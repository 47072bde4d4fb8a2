"""Shared pieces of the dialect parsers: raw posts, line clean-up, separators, chrome."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from index.textsafety import without_controls

# Forum copies separate posts with a line holding only a non-breaking space.
NBSP_SEPARATOR = re.compile(r"^[ \t]*\u00a0[ \t\u00a0]*$")
# Anything but tab and newline in C0/C1 could drive the terminal; transcripts are untrusted.
# Page furniture copied along with the posts, never written by anyone.
CHROME_LINES = frozenset(
    {"top", "reply", "quote", "report", "share", "like", "bookmark", "click to expand...", "click to shrink..."}
)
TITLE_LIMIT = 160


@dataclass(frozen=True)
class MarkedQuote:
    """A quote the page marks as one (a quote element, "NAME said:" ... "Click to expand..."), with its author if named."""

    text: str
    author: str | None = None


@dataclass
class RawPost:
    """A post as a dialect sees it: header fields plus the body text, before any analysis."""

    body: str = ""
    number: int | None = None
    name: str | None = None
    rank: str | None = None
    joined: str | None = None
    post_count: int | None = None
    location: str | None = None
    date: str | None = None  # ISO, when the printed date says which day
    date_shown: str | None = None  # the date as the page printed it
    original_poster: bool = False  # the page marks the author as the thread's starter
    edited: bool = False
    likes: list[str] = field(default_factory=list)
    signature: str | None = None
    # The body in order when the page marks quotes: text runs and MarkedQuotes (None: all of `body` is text).
    parts: list[str | MarkedQuote] | None = None


@dataclass
class RawThread:
    """What a dialect parser returns: the title, breadcrumb and raw posts, and the page's other lines."""

    title: str
    dialect: str
    posts: list[RawPost]
    forum: str | None = None
    url: str | None = None  # where a saved page says it came from (canonical link)
    notes: tuple[str, ...] = ()  # what the reader should know, e.g. "not a thread page"
    # Lines of the page that are no post's text (menus, buttons, headers), in page order: held, never lost.
    chrome: tuple[str, ...] = ()
    # Where the text holds several page copies of the thread: the index of each later page's first post.
    pages: tuple[int, ...] = ()


_ASCII_CONTROLS = bytes(c for c in range(128) if not without_controls(chr(c)))


def clean_lines(text: str) -> list[str]:
    """The transcript's lines with CRLF/CR unified, control characters dropped, trailing blanks cut."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # the same characters dropped, as bytes: several times sooner than the pattern
        text = text.encode("ascii").translate(None, _ASCII_CONTROLS).decode("ascii")
    else:
        text = without_controls(text)
    # Only spaces and tabs: str.rstrip() would also eat the non-breaking-space separators.
    return [line.rstrip(" \t") for line in text.split("\n")]


def is_blank(line: str) -> bool:
    return not line.strip(" \t")


def is_chrome(line: str) -> bool:
    return line.strip().lower() in CHROME_LINES


def split_on(lines: list[str], is_separator) -> list[list[str]]:
    """Runs of lines between separator lines (separators dropped)."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if is_separator(line):
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def trim_blank(lines: list[str]) -> list[str]:
    """Lines without leading and trailing blank lines."""
    start, end = 0, len(lines)
    while start < end and is_blank(lines[start]):
        start += 1
    while end > start and is_blank(lines[end - 1]):
        end -= 1
    return lines[start:end]


def body_text(lines: list[str]) -> str:
    return "\n".join(trim_blank(lines))


def name_words(text: str) -> set[str]:
    """The words of a title, a file's name or an address that tell one thread from another (3+ letters or
    digits, not a number alone)."""
    return {w for w in re.findall(r"[^\W_]+", text.casefold()) if len(w) >= 3 and not w.isdigit()}


def repeats_name(text: str, named: set[str]) -> bool:
    """Whether a file's name or an address (its name_words) repeats a line: 2 of its words or more, and
    half of them."""
    words = name_words(text)
    return len(words & named) >= 2 and 2 * len(words & named) >= len(words)


def take_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """The first non-blank line as a title, and the lines after it."""
    for i, line in enumerate(lines):
        if not is_blank(line):
            return line.strip(), lines[i + 1 :]
    return None, []


def take_heading(lines: list[str]) -> tuple[str | None, list[str]]:
    """Like take_title, but a first line too long to be a title stays in the body, cut for the title."""
    title, rest = take_title(lines)
    if title and len(title) > TITLE_LIMIT:
        return title[: TITLE_LIMIT - 1].rstrip() + "…", [title] + rest
    return title, rest


def drop_trailing_chrome(lines: list[str]) -> list[str]:
    """The lines without page furniture ("Top", "Reply"...) at the very end."""
    lines = trim_blank(lines)
    while lines and is_chrome(lines[-1]):
        lines = trim_blank(lines[:-1])
    return lines


LAST_EDITED = re.compile(r"^Last edited(?: by [^:]*)?:\s*(.*)$", re.IGNORECASE)
LIKES = re.compile(r"^(?:Likes|Reactions):\s*(.*)$", re.IGNORECASE)


def _split_likes(text: str) -> list[str]:
    names = re.split(r",\s*|\s+and\s+", text.strip())
    return [name for name in (n.strip() for n in names) if name]


def take_trailers(lines: list[str], previous: RawPost | None) -> list[str]:
    """Move "Last edited:" / "Likes:" lines at the top of a chunk onto the post before it."""
    i = 0
    while i < len(lines) and previous is not None:
        line = lines[i].strip()
        if is_blank(line):
            i += 1
        elif LAST_EDITED.match(line):
            previous.edited = True
            i += 1
        elif match := LIKES.match(line):
            previous.likes.extend(_split_likes(match.group(1)))
            i += 1
        else:
            break
    # Blank lines we skipped before a non-trailer line are harmless; return from the first non-trailer.
    return lines[i:]


def separated_posts(text: str, read_header: Callable[[list[str], RawPost], list[str]] | None = None) -> tuple[str, list[RawPost]]:
    """The title and the posts of a copy whose posts are split by non-breaking-space lines; `read_header` fills a
    post from the header at the top of its chunk and returns the body lines."""
    lines = clean_lines(text)
    title, rest = take_heading(lines)
    chunks = split_on(rest, NBSP_SEPARATOR.match)
    if chunks:
        chunks[-1] = drop_trailing_chrome(chunks[-1])
    posts: list[RawPost] = []
    for chunk in chunks:
        chunk = take_trailers(chunk, posts[-1] if posts else None)
        if all(is_blank(line) for line in chunk):
            continue
        post = RawPost()
        if read_header is not None:
            chunk = read_header(chunk, post)
        post.body = body_text(chunk)
        posts.append(post)
    return title or "", posts
