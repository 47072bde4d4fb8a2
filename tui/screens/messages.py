"""Messages that workers post back to the screen when slow work (import, load, search) is done."""

from __future__ import annotations

import re

from textual.message import Message

from index.model import ImportProgress, ImportReport, Page, Post, Thread, ThreadSummary
from tui.widgets.thread_list import Prepared


class ThreadsLoaded(Message):
    def __init__(self, prepared: Prepared) -> None:
        super().__init__()
        self.prepared = prepared


class ImportProgressed(Message):
    def __init__(self, progress: ImportProgress) -> None:
        super().__init__()
        self.progress = progress


class ImportFinished(Message):
    def __init__(self, report: ImportReport | None, error: str | None = None) -> None:
        super().__init__()
        self.report, self.error = report, error


class ThreadLoaded(Message):
    def __init__(self, thread: Thread, at: int | None, hits: re.Pattern[str] | None) -> None:
        super().__init__()
        self.thread, self.at, self.hits = thread, at, hits


class SearchFinished(Message):
    """A search ended: its page, or why it failed (a one-line error)."""

    def __init__(self, query: str, page: Page | None, error: str | None = None) -> None:
        super().__init__()
        self.query, self.page, self.error = query, page, error


class AuthorPostsLoaded(Message):
    def __init__(self, label: str, posts: list[tuple[ThreadSummary, Post]]) -> None:
        super().__init__()
        self.label, self.posts = label, posts


class WorkFailed(Message):
    """Slow work failed; the one-line reason goes to the reader as a notification."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
