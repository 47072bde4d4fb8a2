"""The thread list: every thread (or every search match) as two lines, drawn with the Line API."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from tui.widgets.line_view import LineView
from tui.widgets.thread_rows import SORTS, Prepared, Row, haystack, prepare, sort_rows
from tui.widgets.sparkline import SPARK_FROM, sparkline
from index.model import Page, ThreadSummary
from tui.dates import readable
from tui.safe import one_line

ROW_HEIGHT = 2


class ThreadList(LineView, can_focus=True):
    """Threads as rows of two lines; no widget per row, so 100,000 threads cost only what is on screen."""

    COMPONENT_CLASSES = {
        "thread-list--title", "thread-list--title-unread", "thread-list--meta", "thread-list--unread",
        "thread-list--matches", "thread-list--cursor", "thread-list--empty", "thread-list--activity",
    }
    BINDINGS = [
        Binding("j,down", "move(1)", "Next thread", id="list.next"),
        Binding("k,up", "move(-1)", "Previous thread", id="list.previous"),
        Binding("pagedown,space", "page(1)", "Page down", id="list.page_down", show=False),
        Binding("pageup,b", "page(-1)", "Page up", id="list.page_up", show=False),
        Binding("home", "edge(0)", "First thread", id="list.first", show=False),
        Binding("end", "edge(1)", "Last thread", id="list.last", show=False),
        Binding("enter", "choose", "Open thread", id="list.open"),
        Binding("escape", "clear", "Clear search/filter", id="list.clear", show=False),
    ]

    sort = reactive("newest")
    cursor = reactive(0, always_update=True)

    class _RowMessage(Message):
        """A message about one row of the list."""

        def __init__(self, control: ThreadList, row: Row) -> None:
            super().__init__()
            self._control, self.row = control, row

        @property
        def control(self) -> ThreadList:
            return self._control

    class Chosen(_RowMessage):
        """The reader chose a thread to read (enter or click)."""

    class Cleared(Message):
        """The reader asked to drop the search results or the filter."""

    class Highlighted(_RowMessage):
        """The cursor came to a thread (the screen may preview it)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.all_rows: list[Row] = []
        self.by_id: dict[str, Row] = {}
        self.rows: list[Row] = []
        self.search_rows: list[Row] | None = None
        self.filter_text = ""
        self.empty_message = "No threads yet."
        self.total_posts = self.total_unread = 0
        self._sorted_rows: list[Row] = []
        self._sorted_by: str | None = None

    # -- content -------------------------------------------------------------------------

    def set_threads(self, summaries: list[ThreadSummary], unread: dict[str, int]) -> None:
        """Replace every thread; the cursor stays on the same thread when it is still there."""
        self.set_prepared(prepare(summaries, unread, self.sort))

    def set_prepared(self, prepared: Prepared) -> None:
        """Replace every thread with rows built (and sorted) off the event loop."""
        current = self.current.summary.id if self.current else None
        self.all_rows, self.by_id = prepared.rows, prepared.by_id
        self._sorted_rows, self._sorted_by = prepared.sorted_rows, prepared.sort
        self.total_posts = sum(row.summary.post_count for row in self.all_rows)
        self.total_unread = sum(row.unread for row in self.all_rows)
        self._rebuild(keep=current)

    def set_results(self, rows: list[Row] | None) -> None:
        """Show search matches (best first) instead of all threads; None goes back to all."""
        self.search_rows = rows
        self._rebuild(keep=None if rows is not None else (self.current.summary.id if self.current else None))

    def show_matches(self, page: Page) -> None:
        """List the threads of a page of search results, best first, each at its best post."""
        by_id = self.by_id
        self.set_results([
            Row(result.thread, by_id[result.thread.id].unread if result.thread.id in by_id else 0,
                matches=result.matched, best=result.best)
            for result in page.results
        ])

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().lower()
        self._rebuild(keep=self.current.summary.id if self.current else None)

    def set_unread(self, thread_id: str, unread: int) -> None:
        listed = self.by_id.get(thread_id)
        if listed is not None:
            self.total_unread += unread - listed.unread
        rows = [listed, *(r for r in self.search_rows or () if r.summary.id == thread_id)]
        for row in rows:
            if row is not None:
                row.unread = unread
        if self.sort == "unread":
            self._sorted_by = None  # the order depends on unread counts; re-sort on next rebuild
        # Only that thread's two lines change (this runs on every post the reader moves to).
        for position in self._visible_positions():
            if self.rows[position].summary.id == thread_id:
                self.refresh_lines(position * ROW_HEIGHT, ROW_HEIGHT)

    def _visible_positions(self) -> range:
        first = int(self.scroll_y) // ROW_HEIGHT
        return range(first, min(first + self.size.height // ROW_HEIGHT + 2, len(self.rows)))

    def cycle_sort(self) -> str:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        return self.sort

    def watch_sort(self) -> None:
        self._rebuild(keep=self.current.summary.id if self.current else None)

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def next_unread(self, thread_id: str, step: int) -> Row | None:
        """The first row after (step 1) or before (step -1) this thread's that has unread posts."""
        rows = self.rows
        here = next((i for i, row in enumerate(rows) if row.summary.id == thread_id), -1)
        order = range(here + step, len(rows) if step > 0 else -1, step)
        return next((rows[i] for i in order if 0 <= i < len(rows) and rows[i].unread), None)

    def select_thread(self, thread_id: str) -> None:
        for position, row in enumerate(self.rows):
            if row.summary.id == thread_id:
                self.cursor = position
                return

    def _rebuild(self, keep: str | None) -> None:
        if self.search_rows is not None:
            rows = self.search_rows
        else:
            if self._sorted_by != self.sort:  # sort once per order, not per filter keystroke
                self._sorted_rows, self._sorted_by = sort_rows(self.all_rows, self.sort), self.sort
            rows = self._sorted_rows
        if self.filter_text:
            rows = [row for row in rows if self.filter_text in haystack(row)]
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows) * ROW_HEIGHT)
        position = 0
        if keep is not None:
            position = next((i for i, row in enumerate(rows) if row.summary.id == keep), 0)
        self.cursor = position
        self.refresh()

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        base, width = self.frame()
        line = y + int(self.scroll_y)
        position, part = divmod(line, ROW_HEIGHT)
        if not self.rows:
            if line == 1:
                if self.search_rows is not None:
                    why = "No matching threads."
                elif self.filter_text and self.all_rows:
                    why = "No title matches."
                else:
                    why = self.empty_message
                message = Text(f" {why}", style=self.get_component_rich_style("thread-list--empty"))
                return Strip(list(message.render(self.app.console))).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if position >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[position]
        text = self._title_line(row) if part == 0 else self._meta_line(row)
        spark = sparkline(row.summary.activity) if part == 1 and width >= SPARK_FROM else ""
        text.truncate(width - (len(spark) + 1 if spark else 0), overflow="ellipsis", pad=True)
        if spark:  # posts over the thread's life, at the row's right edge
            text.append(" " + spark, style=self.get_component_rich_style("thread-list--activity"))
        strip = Strip(list(text.render(self.app.console)), width)
        if position == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("thread-list--cursor"))
        return strip.apply_style(base)

    def _title_line(self, row: Row) -> Text:
        unread = row.unread > 0
        line = Text("● " if unread else "  ", style=self.get_component_rich_style("thread-list--unread"), end="")
        style = "thread-list--title-unread" if unread else "thread-list--title"
        line.append(one_line(row.summary.title) or "(untitled)", style=self.get_component_rich_style(style))
        return line

    def _meta_line(self, row: Row) -> Text:
        meta_style = self.get_component_rich_style("thread-list--meta")
        line = Text("  ", style=meta_style, end="")
        if row.matches is not None:
            line.append(f"{row.matches:,} matching · " if row.matches else "title matches · ", style=self.get_component_rich_style("thread-list--matches"))
        summary = row.summary
        parts = [f"{summary.post_count:,} post{'' if summary.post_count == 1 else 's'}"]
        if row.unread:
            parts.append(f"{row.unread:,} unread")
        if summary.last_date:
            parts.append(one_line(readable(summary.last_date)))
        if summary.forum:
            parts.append(one_line(summary.forum))
        line.append(" · ".join(parts), style=meta_style)
        return line

    # -- moving --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self.rows:
            self.scroll_to_region(Region(0, new * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, immediate=True)
        self.refresh()
        if self.current is not None:
            self.post_message(self.Highlighted(self, self.current))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = min(max(self.cursor + step, 0), len(self.rows) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height // ROW_HEIGHT - 1, 1))

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if end else 0

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self, self.current))

    def action_clear(self) -> None:
        self.post_message(self.Cleared())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        position = (offset.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= position < len(self.rows):
            self.cursor = position
            self.action_choose()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) * ROW_HEIGHT)
