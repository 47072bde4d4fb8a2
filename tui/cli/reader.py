"""`threadreader [open] [PATH...]`: import what was asked (with progress on stderr), then open the reader."""

from __future__ import annotations

import argparse
import sys

from index.model import ImportReport
from index.textsafety import one_line


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "open",
        parents=[common],
        help="open the reader (importing PATH... first)",
        description="Import the given transcripts (files, directories, globs), then open the reader.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="transcripts to import before opening")
    parser.set_defaults(func=run_open)


def _import_with_progress(action, what: str) -> ImportReport:
    from rich.console import Console

    from tui.cli.library import with_progress

    result = with_progress(action, what)
    console = Console(stderr=True, emoji=False)
    console.print(
        f"Imported {result.added} new and {result.updated} updated threads "
        f"({result.posts:,} posts, {result.unchanged} unchanged) in {result.elapsed:.1f}s",
        markup=False, highlight=False,
    )
    for name, reason in result.failed:
        console.print(f"  failed: {one_line(str(name))}: {one_line(reason)}", markup=False, highlight=False)
    return result


def run_open(args: argparse.Namespace) -> int:
    """Open the library (import bundled transcripts on first run, or PATH... if given), then the app."""
    from tui.app import make_app
    from tui.cli.library import open_library

    try:
        # The summaries are read by the app as it starts (a large library's in a worker, after its first frame).
        library = open_library(args, load=False)
    except Exception as error:  # a locked, unreadable or broken library: one line, no traceback
        print(f"threadreader: cannot open the library: {one_line(str(error))}", file=sys.stderr)
        return 2
    notices = []
    try:
        paths = list(getattr(args, "paths", None) or [])
        try:
            if paths:
                report = _import_with_progress(lambda report: library.import_paths(paths, progress=report), "Importing")
                # The lines printed above are hidden by the app's screen: what went wrong is said there too.
                if report.failed:
                    from tui.widgets.status_bar import summary

                    notices.append(summary(report))
                elif not (report.added or report.updated or report.unchanged):
                    notices.append(f"No transcripts (.txt, .html, .mht…) under {one_line(', '.join(paths))}")
            elif library.catalog_bytes() == 0 and library.is_empty():
                # A library with a catalog was imported into before: the app lists it from the
                # catalog without opening the index (and imports the samples itself if it is empty).
                _import_with_progress(lambda report: library.import_bundled(progress=report), "First run: importing samples")
        except Exception as error:  # what was committed stays; the reader still opens on it
            print(f"threadreader: import stopped: {one_line(str(error))}", file=sys.stderr)
            notices.append(f"Import stopped: {one_line(str(error))}")
        make_app(library, notices=notices).run()
    finally:
        library.close()
    return 0
