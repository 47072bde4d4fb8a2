"""Word wrap for the post view: Rich's wrap for ordinary text, on-demand lines for huge text."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from rich._wrap import divide_line  # Rich's own greedy wrap, so long text breaks exactly as short text does
from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

LONG_TEXT = 20_000  # characters: longer text is wrapped by offsets alone and drawn only when seen
CHUNK = 128  # lines of a long text turned into strips at once


def line_spans(plain: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of every wrapped line of `plain`, newlines excluded, as Rich would wrap it."""
    spans: list[tuple[int, int]] = []
    width = max(width, 1)
    base = 0
    for paragraph in plain.split("\n"):
        cuts = [0, *divide_line(paragraph, width, fold=True), len(paragraph)] if paragraph else [0, 0]
        spans.extend((base + a, base + b) for a, b in zip(cuts, cuts[1:]) if b > a or not paragraph)
        base += len(paragraph) + 1
    return spans


class WrappedLines(Sequence[Strip]):
    """The wrapped lines of a huge text: counted at once, turned into strips a chunk at a time."""

    def __init__(self, console: Console, body: Text, width: int, lead: Sequence[Segment] = ()) -> None:
        if "\t" in body.plain:
            body = body.copy()
            body.expand_tabs()
        self._console, self._body, self._width, self._lead = console, body, max(width, 1), list(lead)
        self._spans = line_spans(body.plain, self._width)
        self._chunks: dict[int, list[Strip]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        chunk, within = divmod(index, CHUNK)
        if chunk not in self._chunks:
            self._chunks[chunk] = self._render(chunk)
        return self._chunks[chunk][within]

    def __iter__(self) -> Iterator[Strip]:
        for index in range(len(self)):
            yield self[index]

    def _render(self, chunk: int) -> list[Strip]:
        spans = self._spans[chunk * CHUNK:(chunk + 1) * CHUNK]
        first, last = spans[0][0], spans[-1][1]
        piece = self._body[first:last]
        cuts = sorted({start - first for start, _ in spans[1:]} | {end - first for _, end in spans[:-1]})
        parts = piece.divide(cuts)
        by_start = {start: part for start, part in zip([0, *cuts], parts)}
        strips = []
        for start, end in spans:
            line = by_start.get(start - first, Text()) if end > start else Text()
            line.rstrip_end(self._width)
            line.truncate(self._width, overflow="fold")
            strips.append(Strip([*self._lead, *line.render(self._console)]))
        return strips


def wrap_text(console: Console, body: Text, width: int, lead: Sequence[Segment] = ()) -> Sequence[Strip]:
    """`body` word-wrapped to `width` cells, each line after `lead`; huge text is drawn only when seen."""
    if len(body) > LONG_TEXT:
        return WrappedLines(console, body, width, lead)
    return [Strip([*lead, *line.render(console)]) for line in body.wrap(console, max(width, 1))]


def count_lines(console: Console, body: Text, width: int) -> int:
    """How many lines wrap_text would make of this text, without drawing any."""
    if len(body) > LONG_TEXT:
        if "\t" in body.plain:
            body = body.copy()
            body.expand_tabs()
        return len(line_spans(body.plain, max(width, 1)))
    return len(body.wrap(console, max(width, 1)))


class Lines(Sequence[Strip]):
    """A post's lines: small lists and lazy WrappedLines end to end, indexed as one list."""

    def __init__(self) -> None:
        self._parts: list[Sequence[Strip]] = []
        self._starts: list[int] = []
        self._length = 0

    def append(self, strip: Strip) -> None:
        if not self._parts or not isinstance(self._parts[-1], list):
            self._starts.append(self._length)
            self._parts.append([])
        self._parts[-1].append(strip)  # type: ignore[union-attr]
        self._length += 1

    def extend(self, strips) -> None:
        if isinstance(strips, Lines):
            for part in strips._parts:
                self.extend(part)
            return
        if isinstance(strips, WrappedLines):
            if len(strips):
                self._starts.append(self._length)
                self._parts.append(strips)
                self._length += len(strips)
            return
        for strip in strips:
            self.append(strip)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        part = bisect_right(self._starts, index) - 1
        return self._parts[part][index - self._starts[part]]

    def __iter__(self) -> Iterator[Strip]:
        for part in self._parts:
            yield from part

    def tail(self, start: int) -> Lines:
        """The lines from `start` on, sharing (not redrawing) the lazy parts."""
        rest = Lines()
        for part_start, part in zip(self._starts, self._parts):
            if part_start >= start:
                rest.extend(part)
            elif part_start + len(part) > start:
                rest.extend(part[start - part_start:])
        return rest
