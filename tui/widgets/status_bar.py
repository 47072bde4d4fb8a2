"""The status line under the panes: one line of counts or news, and the progress of an import it runs."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from index.model import ImportProgress, ImportReport
from tui.counts import plural
from tui.safe import one_line


def summary(report: ImportReport) -> str:
    """One line on what an import did, naming the first file that failed."""
    line = f"Imported {report.added} new, {report.updated} updated threads ({report.posts:,} posts)"
    if report.failed:
        line += f"; {len(report.failed)} failed: " + one_line(f"{report.failed[0][0]}: {report.failed[0][1]}")
    return line


class StatusBar(Horizontal):
    """Counts of the library, or where an import is; the import itself runs in a worker here."""

    class ImportFinished(Message):
        """An import ended: its report, or a one-line error."""

        def __init__(self, report: ImportReport | None, error: str | None = None) -> None:
            super().__init__()
            self.report, self.error = report, error

    class Progressed(Message):
        """A worker's progress report (handled by the bar itself)."""

        def __init__(self, progress: ImportProgress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(self, library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library

    def compose(self) -> ComposeResult:
        yield Static("", id="status", markup=False)
        yield Static("", id="position", markup=False)

    def _progress_bar(self):
        """The import's progress bar, made at the first import: most starts import nothing, and
        the bar is four widgets and their styles to build before the first frame."""
        from textual.widgets import ProgressBar

        for bar in self.query(ProgressBar):
            return bar
        bar = ProgressBar(id="import-progress", show_eta=False, classes="-hidden")
        self.mount(bar)
        return bar

    def set_status(self, text: str) -> None:
        status = self.query_one("#status", Static)
        if str(status.content) != text:
            # One line of fixed width: a new text never changes the layout, so skip the reflow.
            status.update(text, layout=False)

    def show_position(self, text: str) -> None:
        """Where the reader is in the shown thread: 'post 12 of 340 · tree'."""
        position = self.query_one("#position", Static)
        if str(position.content) != text:
            position.update(text)

    def show_counts(self, threads) -> None:
        """The library's counts as the thread list shows them (a ThreadList)."""
        shown = f"{len(threads.rows):,} of " if threads.filter_text else ""
        self.set_status(f"{shown}{plural(len(threads.all_rows), 'thread')} · {plural(threads.total_posts, 'post')} · "
                        f"{threads.total_unread:,} unread · sort: {threads.sort}")

    def start_import(self, paths: list[str] | None) -> None:
        """Import `paths` (None: the bundled transcripts) in a worker, showing progress here."""
        self._progress_bar().remove_class("-hidden")
        self.set_status("Importing transcripts…")
        self.import_transcripts(paths)

    @work(thread=True, exclusive=True, group="import")
    def import_transcripts(self, paths: list[str] | None) -> None:
        report_progress = lambda progress: self.post_message(self.Progressed(progress))  # noqa: E731
        try:
            if paths:
                report = self.library.import_paths(paths, progress=report_progress)
            else:
                report = self.library.import_bundled(progress=report_progress)
        except Exception as error:  # the reader must still open on whatever was imported
            self.post_message(self.ImportFinished(None, f"Import failed: {one_line(str(error))}"))
            return
        self.post_message(self.ImportFinished(report))

    def on_status_bar_progressed(self, message: Progressed) -> None:
        message.stop()
        progress = message.progress
        self._progress_bar().update(total=max(progress.files_total, 1), progress=progress.files_done)
        done = "Writing the index" if progress.writing else f"Importing {progress.files_done}/{progress.files_total} files"
        self.set_status(f"{done} · {progress.posts:,} posts")

    def on_status_bar_import_finished(self, message: ImportFinished) -> None:
        self.query_one("#import-progress").add_class("-hidden")  # and on to the screen, which decides
