"""Frozen dataclasses for everything index/ hands out: threads, posts, quotes, hits, pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Author:
    """Who wrote a post: a name if the transcript shows one, else a key shared by surely-same posts."""

    name: str | None
    key: str
    label: str  # what the reader shows: the name, or e.g. "member from Virginia, joined Oct 2015"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or run of lines) the post's author wrote."""

    text: str
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class Quote:
    """Words of an earlier post repeated in this one."""

    text: str
    source: int | None  # index of the post where these words were first written
    source_author: str | None  # label of that post's author
    score: float  # 1.0 = verbatim; lower = fuzzy match
    kind: Literal["quote"] = "quote"


Block = Union[Paragraph, Quote]


@dataclass(frozen=True)
class Post:
    """One post of a thread, with its header fields and body blocks."""

    index: int  # 0 = opening post
    author: Author
    blocks: tuple[Block, ...]
    number: int | None = None  # "#N" shown by the forum
    rank: str | None = None
    joined: str | None = None  # as shown, e.g. "Mar 2019"
    post_count: int | None = None
    location: str | None = None
    date: str | None = None  # ISO date of the post where the transcript has one
    date_shown: str | None = None  # the date as the page printed it ("11 days ago", "22. April 2020")
    original_poster: bool = False  # the page marks the author as the one who started the thread
    edited: bool = False
    likes: tuple[str, ...] = ()
    signature: str | None = None
    mentions: tuple[str, ...] = ()

    @property
    def own_text(self) -> str:
        """The words the author wrote in this post (no quotes, no signature)."""
        return "\n\n".join(b.text for b in self.blocks if b.kind == "text")

    @property
    def quoted_text(self) -> str:
        """The words this post quotes from earlier posts."""
        return "\n\n".join(b.text for b in self.blocks if b.kind == "quote")

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Quote))


@dataclass(frozen=True)
class Thread:
    """A parsed transcript: title, where it came from, and its posts."""

    id: str  # stable: hash of source path and content
    title: str
    source: str
    dialect: str
    posts: tuple[Post, ...]
    forum: str | None = None
    notes: tuple[str, ...] = ()  # e.g. "decoded as cp1252", "repaired mojibake"
    url: str | None = None  # the address a saved web page says it came from
    chrome: tuple[str, ...] = ()  # the page's lines that are no post's text (menus, buttons, headers), held aside

    @property
    def post_count(self) -> int:
        return len(self.posts)

    @property
    def authors(self) -> tuple[str, ...]:
        """Distinct author labels in order of first post."""
        seen: dict[str, None] = {}
        for post in self.posts:
            seen.setdefault(post.author.label, None)
        return tuple(seen)

    def to_dict(self) -> dict:
        """The JSON shape printed by `threadreader parse --json`."""
        return asdict(self)


@dataclass(frozen=True)
class ThreadSummary:
    """What the thread list needs about a thread, without loading its posts."""

    id: str
    title: str
    forum: str | None
    post_count: int
    authors: tuple[str, ...]
    source: str
    dialect: str
    first_date: str | None = None
    last_date: str | None = None
    imported: float = 0.0  # unix time of the import
    url: str | None = None  # the address a saved web page says it came from
    # Dated posts per equal slice of the thread's life, first date to last (16 slices, for a sparkline:
    # index/library/activity.py); () when no post has a date the index understands.
    activity: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One matching post: where it is, how well it matched, and a highlighted snippet."""

    thread_id: str
    post_index: int
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()  # (start, end) character offsets into snippet
    author: str | None = None
    number: int | None = None
    in_title: bool = False  # the thread's title matched, not a post (post_index 0 is where it opens)


@dataclass(frozen=True)
class ThreadHits:
    """A thread with the posts of it that matched a query, best first."""

    thread: ThreadSummary
    hits: tuple[Hit, ...]
    score: float
    matched: int = 0  # how many posts of the thread matched (hits may hold only the best few)

    @property
    def best(self) -> Hit:
        return self.hits[0]


@dataclass(frozen=True)
class Page:
    """One page of search results, grouped by thread."""

    query: str
    results: tuple[ThreadHits, ...]
    total_threads: int
    total_posts: int
    page: int = 1
    pagelen: int = 20
    suggestion: str | None = None  # "did you mean": a corrected query string
    notice: str | None = None  # e.g. "could not parse the query; searched plain words"
    elapsed: float = 0.0
    matched_terms: tuple[str, ...] = field(default_factory=tuple)
    showing: str | None = None  # nothing matched the query: these are the results of this correction


@dataclass(frozen=True)
class ImportProgress:
    """Where an import is: reported after each file."""

    files_done: int
    files_total: int
    posts: int
    current: str = ""

    @property
    def writing(self) -> bool:
        """Every file is read: what is left is writing the index (and joining a thread's saved pages)."""
        return self.files_total > 0 and self.files_done >= self.files_total


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the summary line."""

    added: int = 0  # threads new to the library
    updated: int = 0  # threads whose file changed
    unchanged: int = 0  # skipped: same content hash
    pruned: int = 0  # dropped because their file is gone (--prune)
    posts: int = 0  # posts indexed by this import
    failed: tuple[tuple[str, str], ...] = ()  # (file, one-line reason)
    notes: tuple[tuple[str, str], ...] = ()  # (file, e.g. "decoded as cp1252")
    elapsed: float = 0.0
