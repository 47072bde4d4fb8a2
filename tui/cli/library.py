"""`threadreader import|search|show|export|stats|reindex`: the library from the command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from index.textsafety import one_line
from tui.cli.styled import Output, highlighted
from tui.counts import plural

EMPTY = "the library is empty; import transcripts with: threadreader import PATH... (no PATH: the bundled samples)"


READING = ("search", "show", "export", "stats")


class Failure(Exception):
    """A one-line message for stderr and an exit status."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def register(subparsers, common: argparse.ArgumentParser) -> None:
    add = lambda name, func, **kw: _add(subparsers, common, name, func, **kw)  # noqa: E731
    p = add("import", run_import, help="import transcripts (files, directories, globs)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or globs (default: the bundled samples)")
    p.add_argument("--prune", action="store_true", help="drop threads whose file under PATH is gone")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another import")
    p = add("search", run_search, help="search the library")
    p.add_argument("query", nargs="+", help="the query (see README: the query language)")
    p.add_argument("--json", action="store_true", help="one JSON object per matching post")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="show at most N matching posts")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--thread", metavar="THREAD", help="search only this thread")
    p.add_argument("--posts", action="store_true", help="a flat list of matching posts, best first, not grouped by thread")
    p = add("show", run_show, help="print a thread as text")
    p.add_argument("thread", metavar="THREAD", help="thread id, id prefix or the start of its title")
    p.add_argument("--post", type=int, metavar="N", help="only post #N (its position when posts have no numbers)")
    p = add("export", run_export, help="export a thread as Markdown")
    p.add_argument("thread", metavar="THREAD", help="thread id, id prefix or the start of its title")
    p.add_argument("--format", choices=("md", "text"), default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p = add("stats", run_stats, help="what the library holds")
    p.add_argument("--json", action="store_true")
    p = add("reindex", run_reindex, help="rebuild the index from the recorded source files")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another import")


def _positive(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def _add(subparsers, common, name, func, help):
    parser = subparsers.add_parser(name, parents=[common], help=help, description=help[0].upper() + help[1:] + ".")

    def guarded(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except BrokenPipeError:  # the reader of our output left (`| head`): not this command's failure
            raise
        except Failure as failure:
            _err(f"threadreader {name}: {failure}")
            return failure.status
        except (OSError, RuntimeError, LookupError) as error:
            _err(f"threadreader {name}: {_reason(error)}")
            return 2

    # The commands that only read may end without the interpreter's teardown (tui/__main__.py).
    parser.set_defaults(func=guarded, quick_exit=name in READING)
    return parser


def _reason(error: Exception) -> str:
    """An error in one line, naming the file an OSError is about (-o FILE in a missing folder...)."""
    if not isinstance(error, OSError) or not error.strerror:
        return str(error)
    return f"{error.filename}: {error.strerror}" if error.filename is not None else error.strerror


def _err(message: str) -> None:
    print(one_line(message), file=sys.stderr)


def open_library(args, *, load: bool = True):
    """The library named by the arguments; one built by an older threadreader is re-indexed first, with progress."""
    from index.library.store import Library

    where = getattr(args, "library", None)
    if Library.outdated(where):
        _err("threadreader: the library was made by an older version: re-indexing it once")
        library, report = with_progress(lambda progress: Library.rebuild(where, progress=progress), "re-indexing")
        _summary(report)
        return library
    return Library.open(where, load=load)


def _open_nonempty(args):
    library = open_library(args)
    if library.is_empty():
        raise Failure(EMPTY)
    return library


def with_progress(action, what: str):
    """action(report)'s result, with a progress bar on stderr while it runs (on a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, emoji=False)
    columns = (
        TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[posts]:,} posts · {task.fields[rate]:,.0f}/s"), TimeRemainingColumn(),
        TextColumn("{task.fields[current]}", markup=False),
    )
    started = time.monotonic()
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(what, total=None, posts=0, rate=0.0, current="")

        def report(step) -> None:
            rate = step.posts / max(time.monotonic() - started, 1e-6)
            progress.update(task, total=step.files_total, completed=step.files_done, posts=step.posts,
                            rate=rate,
                            current="writing the index…" if step.writing else one_line(Path(step.current).name, 30))

        return action(report)


def _summary(report) -> int:
    from rich.console import Console

    console = Console(stderr=True, highlight=False, emoji=False, soft_wrap=True)
    rate = report.posts / report.elapsed if report.elapsed else 0.0
    console.print(
        f"threads: {report.added} added, {report.updated} updated, {report.unchanged} unchanged"
        + (f", {report.pruned} pruned" if report.pruned else "")
        + f"; {report.posts:,} posts indexed in {report.elapsed:.1f}s ({rate:,.0f} posts/s)"
        + f"; {len(report.failed)} failed", markup=False)
    for name, note in report.notes:
        console.print(f"  note: {one_line(str(name))}: {one_line(note)}", markup=False)
    for name, reason in report.failed:
        console.print(f"  failed: {one_line(str(name))}: {one_line(reason)}", markup=False)
    return 1 if report.failed else 0


def run_import(args: argparse.Namespace) -> int:
    from index.library.paths import BUNDLED_TRANSCRIPTS

    library = open_library(args)
    names = args.paths or [str(BUNDLED_TRANSCRIPTS)]
    report = with_progress(
        lambda progress: library.import_paths(names, prune=args.prune, progress=progress, wait=args.wait,
                                              on_wait=lambda message: _err(message)),
        "importing",
    )
    library.close()
    status = _summary(report)
    if not (report.added or report.updated or report.unchanged or report.pruned or report.failed):
        # An import that met no transcript at all is a mistaken path, not a success with nothing new.
        from index.library.sources import TRANSCRIPT_SUFFIXES

        _err(f"threadreader import: no transcripts ({', '.join(TRANSCRIPT_SUFFIXES)}) under {', '.join(names)}")
        return 1
    return status


def run_reindex(args: argparse.Namespace) -> int:
    from index.library.store import Library

    library, report = with_progress(
        lambda progress: Library.rebuild(getattr(args, "library", None), progress=progress, wait=args.wait,
                                         on_wait=lambda message: _err(message)),
        "reindexing",
    )
    library.close()
    return _summary(report)


def run_search(args: argparse.Namespace) -> int:
    library = open_library(args, load=False)  # a page of results needs the summaries of its threads only
    if library.is_empty():
        _err(f"threadreader search: {EMPTY}")
        return 1
    query = " ".join(args.query)
    thread_id = library.resolve(args.thread).id if args.thread else None
    limit = args.limit
    # Only the hits printed: a thread's further hits beyond the limit would cost their snippets.
    page = library.search(query, pagelen=limit, sort=args.sort, thread_id=thread_id, flat=args.posts, max_hits=limit)
    hits = [(group, hit) for group in page.results for hit in group.hits][:limit]
    if args.json:
        for group, hit in hits:
            print(json.dumps({
                "thread_id": hit.thread_id, "title": group.thread.title, "post_index": hit.post_index,
                "number": hit.number, "author": hit.author, "in_title": hit.in_title, "score": round(hit.score, 4),
                "snippet": hit.snippet, "highlights": [list(span) for span in hit.highlights],
            }))
        suggestion = page.suggestion if page.showing is None else None
        for line in filter(None, (page.notice, suggestion and f"did you mean: {suggestion}")):
            _err(line)
    else:
        _print_hits(page, hits)
    library.close()
    return 0 if hits else 1


def _print_hits(page, hits) -> None:
    out = Output()
    if page.notice:
        out.line((page.notice, "italic"))
    if page.suggestion and page.showing is None:
        out.line("did you mean: ", (page.suggestion, "bold"), "?")
    current = None
    for group, hit in hits:
        if group is not current:
            current = group
            posts = "post" if group.matched == 1 else "posts"
            why = f"{group.matched} matching {posts}" if group.matched else "title matches"
            if hit is not hits[0][1]:
                out.line()
            out.line(one_line(group.thread.title), " ", (f"({why}, {group.thread.id[:8]})", "dim"), style="bold")
        if hit.in_title:
            out.line(("  title", "cyan"), ": ", *highlighted(hit.snippet, hit.highlights))
            continue
        where = f"#{hit.number}" if hit.number is not None else f"post {hit.post_index + 1}"
        out.line(("  " + where, "cyan"), " ", (one_line(hit.author or ""), "green"), ": ",
                 *highlighted(hit.snippet, hit.highlights))
    if not hits:
        out.line(f"no posts match {page.query!r}")
    else:
        out.line()
        counts = (f"{plural(page.total_posts, 'matching post')} in {plural(page.total_threads, 'thread')}"
                  if page.total_posts else f"in {plural(page.total_threads, 'title')} only")
        out.line((counts, "dim"))


def _thread(args):
    library = _open_nonempty(args)
    summary = library.resolve(args.thread)
    thread = library.thread(summary.id)
    library.close()
    return thread


def run_show(args: argparse.Namespace) -> int:
    from index.threads.export import thread_text

    thread = _thread(args)
    index = None
    if args.post is not None:
        numbered = [p.index for p in thread.posts if p.number == args.post]
        index = numbered[0] if numbered else args.post - 1
        if not 0 <= index < thread.post_count:
            raise Failure(f"the thread has no post {args.post} (it has {thread.post_count} posts)")
    sys.stdout.write(thread_text(thread, index))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from index.threads.export import export_markdown, thread_text

    thread = _thread(args)
    document = export_markdown(thread) if args.format == "md" else thread_text(thread)
    if args.output:
        Path(args.output).write_text(document, encoding="utf-8")
        _err(f"wrote {args.output}")
    else:
        sys.stdout.write(document)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    library = open_library(args)
    figures = library.stats()
    library.close()
    if args.json:
        print(json.dumps(figures))
        return 0
    out = Output()
    for key, value in figures.items():
        if key == "last_import" and value:
            value = time.strftime("%Y-%m-%d %H:%M", time.localtime(value))
        elif isinstance(value, dict):  # e.g. threads per dialect: words for a reader, not a Python literal
            value = ", ".join(f"{name} {count:,}" for name, count in value.items()) or "none"
        elif isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:,}"
        out.line(f"{key.replace('_', ' '):>12}: {value}")
    if not figures["threads"]:
        out.line(EMPTY)
    return 0
