"""The author view: every post by one author (named or anonymous) across all threads."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from index.model import Post, ThreadSummary
from index.threads.activity import per_month
from tui.counts import plural
from tui.safe import one_line
from tui.widgets.post_view import PostView


class AuthorScreen(Screen[tuple[str, int] | None]):
    """Posts by one author; enter on a post header opens it in its thread."""

    BINDINGS = [Binding("escape,q", "dismiss_view", "Back", id="author.back")]

    def __init__(self, label: str, posts: list[tuple[ThreadSummary, Post]]) -> None:
        super().__init__()
        self.label, self.entries = label, posts

    def compose(self) -> ComposeResult:
        threads = len({summary.id for summary, _ in self.entries})
        months = per_month(post.date for _, post in self.entries)
        with Vertical(id="author-head"):
            yield Static(
                f"Posts by {one_line(self.label)} · {plural(len(self.entries), 'post')} in {plural(threads, 'thread')}"
                " · enter opens one",
                id="author-title", markup=False,
            )
            if len(months) >= 2:  # one month (or none dated) is no chart
                peak = max(count for _, count in months)
                when = next(month for month, count in months if count == peak)
                yield Static(f"posts per month, {months[0][0]} to {months[-1][0]} · most: {peak} in {when}",
                             id="author-months-caption", markup=False)
                yield Sparkline([count for _, count in months], id="author-months")
        yield PostView(id="author-posts")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(PostView)
        view.border_title = Content(one_line(self.label, 80))  # an author label is never markup
        view.show([post for _, post in self.entries], origins=[(s.id, s.title) for s, _ in self.entries])
        view.focus()

    @on(PostView.OpenRequested)
    def open_post(self, message: PostView.OpenRequested) -> None:
        self.dismiss((message.thread_id, message.index))

    @on(PostView.Left)
    def left(self) -> None:
        self.dismiss(None)

    def action_dismiss_view(self) -> None:
        self.dismiss(None)
