"""Compact words for quote finding: a thread's vocabulary as int ids, character spans only on demand."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

import numpy as np

_WORD = re.compile(r"\S+")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]+|_+")
_HAS_WORD = re.compile(r"[^\W_]")
# "signed...nobody" is two words with a cut between them, not one word.
_CUT = re.compile(r"\.\.\.+|…")
# The runs of _WORD that hold a letter or digit, in one pass (only from a run's first character,
# so a long run of punctuation is looked at once, not once per character).
_WORD_RUN = re.compile(r"(?<!\S)\S*[^\W_]\S*")
# Words so frequent in English that a short line made of them alone is a stock phrase, never
# evidence of a quote ("I don't think so", "what about it"). Language-wide, not any site's.
COMMON = frozenset(
    """a about after again all also am an and any are as at back be because been before being
    but by can could did do does dont doesnt didnt even first for from get give go good had has
    have he her here him his how i if im in into is isnt it its ive just know like look make
    me more most my no not now of on one only or other our out over people really right say
    see she should so some still take than that thats the their them then there these they
    think this those time to too two up us use very want was way we well were what when where
    which who why will with wont work would yeah yes you your youre agree true sure ok okay
    lol thanks thank exactly indeed maybe much many mean said says""".split()
)


class _Ids(dict):
    """word -> id, a new word given the next id as it is looked up (so a whole text maps in C)."""

    __slots__ = ("words", "posts_with", "common")

    def __missing__(self, word: str) -> int:
        found = self[word] = len(self.words)
        self.words.append(word)
        self.posts_with.append(0)
        if word in COMMON:
            self.common.add(found)
        return found


class Vocabulary:
    """Word <-> int id for one thread (id 0 is reserved: a word the author did not write)."""

    def __init__(self) -> None:
        self.ids = _Ids()
        self.words: list[str] = [""]
        self.posts_with: list[int] = [0]  # per id: how many posts hold the word (a list: counted sooner than an array)
        self.common: set[int] = set()
        self.ids.words, self.ids.posts_with, self.ids.common = self.words, self.posts_with, self.common

    def id_of(self, word: str) -> int:
        return self.ids[word]

    def ids_of(self, text: str) -> list[int]:
        """The ids of the text's words: case-folded, letters and digits only, split at white space
        and at "..." cuts (all in C but for new words: this runs over every word of a thread)."""
        return list(map(self.ids.__getitem__, normalise(text).split()))

    def count_post(self, ids) -> None:
        """Counts a post's words once each, for how rare a word is in the thread so far."""
        counts = self.posts_with
        for i in set(ids):
            counts[i] += 1


class TextRun:
    """A run of a post's text as word ids; where its lines and words sit only when asked."""

    def __init__(self, text: str, ids: list[int], hashes=None) -> None:
        self.text = text
        self.ids = ids  # Vocabulary.ids_of(text)
        self.has_cuts = "..." in text or "…" in text
        self.hashes = hashes  # of its shingles (shingles.hashes), when they are made
        self._bounds: tuple[list[int], list[int]] | None = None
        self._lines: tuple[list[str], list[int], list[int]] | None = None

    @property
    def starts(self) -> list[int]:
        """Where each word starts in the text."""
        if self._bounds is None:
            self._bounds = bounds(self.text, len(self.ids))
        return self._bounds[0]

    @property
    def ends(self) -> list[int]:
        """Where each word ends in the text."""
        if self._bounds is None:
            self._bounds = bounds(self.text, len(self.ids))
        return self._bounds[1]

    @property
    def consistent(self) -> bool:
        """False only if some exotic character made the spans disagree with the ids: no quotes then."""
        if not self.has_cuts and self.text.isascii():
            return True  # the same white space splits both, and a word holds a letter or digit in both
        return len(self.starts) == len(self.ids)

    def _layout(self) -> tuple[list[str], list[int], list[int]]:
        if self._lines is None:
            lines = self.text.split("\n")
            chars = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
            starts = self.starts
            first = [bisect_left(starts, c) for c in chars]
            first.append(len(starts))
            self._lines = (lines, chars, first)
        return self._lines

    @property
    def lines(self) -> list[str]:
        return self._layout()[0]

    @property
    def line_chars(self) -> list[int]:
        """Where each line starts in the text."""
        return self._layout()[1]

    @property
    def line_words(self) -> list[int]:
        """The index of each line's first word, and one more: the number of words."""
        return self._layout()[2]

    def line_of(self, word: int) -> int:
        return bisect_right(self._layout()[1], self.starts[word]) - 1

    def cut_before(self, word: int) -> bool:
        """True when "..." stands between word - 1 and word: the quoter left words out there."""
        if not self.has_cuts or not 0 < word < len(self.ids):
            return False
        starts = self.starts
        return bool(_CUT.search(self.text, starts[word - 1], starts[word] + 1))


def normalise(text: str) -> str:
    """The text case-folded, with "..." cuts made spaces and every other non-word character dropped."""
    if text.isascii():  # the same, cheaper: casefold is lower, and the dropped characters deleted as bytes
        text = _CUT.sub(" ", text) if "..." in text else text
        return text.encode("ascii").lower().translate(None, _ASCII_DROPPED).decode("ascii")
    return _NOT_WORD_OR_SPACE.sub("", _CUT.sub(" ", text.casefold()))


# The ASCII characters _NOT_WORD_OR_SPACE drops: neither letter, digit nor white space, or "_".
_ASCII_DROPPED = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c).isspace()) or c == ord("_"))
# Per byte of ASCII text: inside a word (not white space as str.split and regular expressions see
# it), and a letter or digit.
_INSIDE = np.array([not chr(c).isspace() for c in range(256)])
_ALNUM = np.array([c < 128 and chr(c).isalnum() for c in range(256)], dtype=np.int32)


def bounds(text: str, words: int | None = None) -> tuple[list[int], list[int]]:
    """(starts, ends): the character span of each word that Vocabulary.ids_of keeps, in the same order.
    words: how many ids_of keeps, when the caller knows and the text has no "..." cuts."""
    if "..." in text or "…" in text:
        text = _without_cuts(text)
        words = None
    if not text.isascii():
        found = [m.span() for m in _WORD_RUN.finditer(text)]
    else:  # a few array passes over the bytes instead of a match object per word
        data = np.frombuffer(b" " + text.encode("ascii") + b" ", dtype=np.uint8)
        inside = _INSIDE[data]
        edges = np.flatnonzero(inside[1:] != inside[:-1])  # a text position: the padding shifts it by one
        starts, ends = edges[0::2], edges[1::2]
        if len(starts) == words:  # ids_of kept every run of non-space: none is without a letter or digit
            return starts.tolist(), ends.tolist()
        alnum = _ALNUM[data].cumsum()
        worded = alnum[ends] > alnum[starts]  # a letter or digit in data[start + 1 : end + 1]
        return starts[worded].tolist(), ends[worded].tolist()
    return [a for a, _ in found], [b for _, b in found]


def _without_cuts(text: str) -> str:
    """The text with its "..." cuts made white space where no word may hold them, in place: a word
    never holds a character where "..." begins, so of a run of dots only the last two stay."""
    if "..." in text:
        text = _DOTS.sub(_blank_dots, text)
    return text.replace("…", " ")


_DOTS = re.compile(r"\.{3,}")


def _blank_dots(match: re.Match) -> str:
    return " " * (match.end() - match.start() - 2) + ".."


def spans(text: str) -> list[tuple[int, int]]:
    """Character (start, end) of each word that Vocabulary.ids_of keeps, in the same order."""
    return list(zip(*bounds(text)))


def few_words(text: str, most: int) -> bool:
    """True when the text holds at most `most` words split at white space (a long line is not split whole)."""
    return len(text.split(None, most)) <= most


def has_word(text: str) -> bool:
    return _HAS_WORD.search(text) is not None


def phrase(text: str) -> str:
    """The text's words as one string: the same for every spelling of a line that ids_of makes equal."""
    return " ".join(normalise(text).split())
