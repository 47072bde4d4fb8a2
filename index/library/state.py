"""Reading state kept beside the index: read posts, last visits, bookmarks, positions."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from index.library.atomic import write_atomic

STATE_FILE = "state.json"


def _to_ranges(indices: set[int]) -> list[list[int]]:
    """Compact a set of post indices into [start, end] runs (a read thread is one run)."""
    runs: list[list[int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return runs


def _from_ranges(runs: object) -> set[int]:
    result: set[int] = set()
    if isinstance(runs, list):
        for run in runs:
            if isinstance(run, list) and len(run) == 2 and all(isinstance(i, int) for i in run):
                result.update(range(run[0], run[1] + 1))
    return result


class State:
    """Read marks, visits, bookmarks and positions, saved atomically to a small JSON file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._read: dict[str, set[int]] = {}
        self._seen: dict[str, int] = {}
        self._position: dict[str, int] = {}
        self._bookmarks: list[tuple[str, int]] = []
        self.problem: str | None = None  # set when an unreadable state file was set aside
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            self.problem = f"could not read {self.path}: {error.strerror or error}"
            return
        if not raw.strip():
            return  # an empty file holds nothing to keep
        try:
            data = json.loads(raw.decode("utf-8"))
            for thread_id, entry in data.get("threads", {}).items():
                read = _from_ranges(entry.get("read"))
                if read:
                    self._read[str(thread_id)] = read
                if isinstance(entry.get("seen"), int):
                    self._seen[str(thread_id)] = entry["seen"]
                if isinstance(entry.get("position"), int):
                    self._position[str(thread_id)] = entry["position"]
            self._bookmarks = [(str(mark[0]), int(mark[1])) for mark in data.get("bookmarks", [])]
        except (ValueError, AttributeError, TypeError, IndexError, KeyError):
            self._reset()
            aside = self._aside_name()
            try:
                # Keep the damaged file for the user instead of overwriting it on the next save.
                os.replace(self.path, aside)
                self.problem = f"the reading state was damaged; kept it as {aside.name} and started afresh"
            except OSError as error:
                self.problem = f"the reading state was damaged and could not be set aside: {error.strerror}"

    def _aside_name(self) -> Path:
        aside = self.path.with_name(self.path.name + ".bad")
        number = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.bad.{number}")
            number += 1
        return aside

    def _reset(self) -> None:
        self._read, self._seen, self._position, self._bookmarks = {}, {}, {}, []

    def is_read(self, thread_id: str, post_index: int) -> bool:
        return post_index in self._read.get(thread_id, ())

    def read_posts(self, thread_id: str) -> set[int]:
        return set(self._read.get(thread_id, ()))

    def mark_read(self, thread_id: str, indices: Iterable[int], read: bool = True) -> None:
        marks = self._read.setdefault(thread_id, set())
        before = len(marks)
        indices = set(indices)
        if read:
            marks |= indices
        else:
            marks -= indices
        if len(marks) != before:
            self.save()

    def unread_count(self, thread_id: str, post_count: int) -> int:
        marks = self._read.get(thread_id, set())
        return post_count - sum(1 for index in marks if 0 <= index < post_count)

    def unread_counts(self, summaries) -> dict[str, int]:
        """Each thread's unread posts; most threads have no read mark, and count all their posts."""
        read = self._read
        return {s.id: self.unread_count(s.id, s.post_count) if s.id in read else s.post_count for s in summaries}

    def last_seen_count(self, thread_id: str) -> int | None:
        return self._seen.get(thread_id)

    def visit(self, thread_id: str, post_count: int) -> None:
        if self._seen.get(thread_id) != post_count:
            self._seen[thread_id] = post_count
            self.save()

    def bookmarks(self) -> list[tuple[str, int]]:
        return list(self._bookmarks)

    def toggle_bookmark(self, thread_id: str, post_index: int) -> bool:
        """Add or remove a bookmark; True when the post is bookmarked afterwards."""
        mark = (thread_id, post_index)
        if mark in self._bookmarks:
            self._bookmarks.remove(mark)
            added = False
        else:
            self._bookmarks.append(mark)
            added = True
        self.save()
        return added

    def position(self, thread_id: str) -> int | None:
        return self._position.get(thread_id)

    def set_position(self, thread_id: str, post_index: int) -> None:
        if self._position.get(thread_id) != post_index:
            self._position[thread_id] = post_index
            self.save()

    def save(self) -> None:
        """Write the whole state to a temporary file, fsync it, then rename it into place."""
        ids = set(self._read) | set(self._seen) | set(self._position)
        threads = {}
        for thread_id in sorted(ids):
            entry: dict[str, object] = {}
            if self._read.get(thread_id):
                entry["read"] = _to_ranges(self._read[thread_id])
            if thread_id in self._seen:
                entry["seen"] = self._seen[thread_id]
            if thread_id in self._position:
                entry["position"] = self._position[thread_id]
            if entry:
                threads[thread_id] = entry
        data = {"version": 1, "threads": threads, "bookmarks": [list(m) for m in self._bookmarks]}
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
