"""After an import's files are written: files of one folder that are saved pages of one thread, rewritten as one thread.

Files are indexed one by one as they are read (progress per file, bounded memory); then, folder by
folder, the files that share a title or an address with another are read again, one group at a
time, merged by threads/pages.py, and the merged thread replaces its pages in the index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import TranscriptError
from index.library.documents import prepare_thread
from index.library.sources import content_hash
from index.model import ImportProgress, Thread

MAX_PAGES = 200  # files read together at most: the saved pages of one long thread, not a whole site


@dataclass(frozen=True)
class Member:
    """A file of the import that may be a page of a thread with other files of its folder."""

    path: Path
    keys: tuple[str, str]  # title key, address key (threads/pages.py)
    thread_id: str | None  # its thread in the index now (None: removed by this import, must be written)
    fresh: bool = False  # written by this import (not an unchanged file)


@dataclass
class Outcome:
    """What the merge step changed, for the import's report."""

    threads_merged: int = 0  # threads this import wrote that are now part of another
    posts: int = 0  # posts written by this step
    posts_dropped: int = 0  # posts of the replaced page threads
    notes: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)


def groups_of(members: list[Member], changed: set[Path]) -> list[list[Member]]:
    """Members of one folder sharing a key (transitively), for groups that hold a file this import changed."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shared = Counter((str(m.path.parent), kind, key) for m in members for kind, key in enumerate(m.keys) if key)
    seen: dict[tuple[str, int, str], int] = {}
    for i, member in enumerate(members):
        for kind, key in enumerate(member.keys):
            # A title every file of a folder has (a site's name) tells no thread from another.
            if key and shared[(str(member.path.parent), kind, key)] <= MAX_PAGES:
                j = seen.setdefault((str(member.path.parent), kind, key), i)
                parent[find(i)] = find(j)
    grouped: dict[int, list[Member]] = {}
    for i, member in enumerate(members):
        grouped.setdefault(find(i), []).append(member)
    return [g for g in grouped.values()
            if any(m.path in changed for m in g) and (len(g) > 1 or g[0].thread_id is None) and len(g) <= MAX_PAGES]


def _read(path: Path) -> tuple[Thread, str]:
    from index.threads.read import read_bytes, thread_from_bytes

    data = read_bytes(path)
    return thread_from_bytes(data, str(path)), content_hash(data)


def merge_groups(groups: list[list[Member]], writer, imported: float, progress=None,
                 done: tuple[int, int, int] = (0, 0, 0)) -> Outcome:
    """Read each group's files, merge the pages of one thread, and write the result in place of the pages."""
    from index.threads.pages import merge_run, page_runs

    outcome = Outcome()
    files_done, files_total, posts_before = done
    for group in groups:
        read: list[tuple[Member, Thread, str]] = []
        for member in group:
            try:
                thread, digest = _read(member.path)
            except TranscriptError as error:
                outcome.failed.append((str(member.path), str(error)))
                continue
            read.append((member, thread, digest))
        runs = page_runs([thread for _, thread, _ in read])
        if all(len(run) == 1 for run in runs) and all(m.thread_id is not None for m, _, _ in read):
            continue  # no pages of one thread here: every file stays as it was written
        of = {id(thread): (member, digest) for member, thread, digest in read}
        for run in runs:
            members = [of[id(page)][0] for page in run]
            if len(run) == 1 and members[0].thread_id is not None:
                continue  # a thread of its own, written as it is
            for member, page in zip(members, run):
                if member.thread_id is not None:
                    writer.delete_by_term("thread", member.thread_id)
                    outcome.posts_dropped += page.post_count if member.fresh else 0
            thread = merge_run(run)
            pages = tuple((page.source, of[id(page)][1]) for page in run) if len(run) > 1 else ()
            docs, words = prepare_thread(thread, of[id(run[0])][1], imported, pages)
            for doc in docs:
                writer.add_prepared(doc)
            outcome.words |= words
            outcome.posts += thread.post_count
            if len(run) > 1:
                outcome.threads_merged += sum(m.fresh for m in members) - 1
                outcome.notes.append((thread.source, thread.notes[-1]))
        del read, runs  # one group at a time in memory
        if progress is not None:
            progress(ImportProgress(files_done, files_total, posts_before + outcome.posts - outcome.posts_dropped,
                                    str(group[0].path)))
    return outcome
