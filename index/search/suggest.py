"""Did-you-mean: misspelt query words corrected from the library's own vocabulary."""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.analysis import STOP_WORDS

# Bare words of a query: not a field name (followed by ":"), not a wildcard or fuzzy term.
_WORD = re.compile(r"(?<![\w:*?~])([^\W\d_]{3,})(?![\w:*?~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# Fields whose words come from what authors wrote (the vocabulary); others (author:…) are names.
_TEXT_FIELDS = {"own", "quoted", "title"}
_FIELD_BEFORE = re.compile(r"(\w+):(?:\"[^\"]*|\([^)]*|\S*)$")


def _max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _in_text_field(query: str, start: int) -> bool:
    """True unless the word sits inside a field clause naming a non-text field (author:, forum:…)."""
    field = _FIELD_BEFORE.search(query[:start])
    return field is None or field.group(1).lower() in _TEXT_FIELDS


class Speller:
    """Corrections for one vocabulary (one searcher generation)."""

    def __init__(self, vocabulary: list[str], frequency):
        self.vocabulary = vocabulary
        self.known = frozenset(vocabulary)
        self._frequency = frequency
        self._by_length: dict[int, list[str]] = {}
        for word in vocabulary:
            self._by_length.setdefault(len(word), []).append(word)

    def correct(self, word: str) -> str | None:
        """The closest, then most common, vocabulary word within a small edit distance; None if none."""
        word = word.lower()
        limit = _max_distance(word)
        pool = [w for n in range(len(word) - limit, len(word) + limit + 1) for w in self._by_length.get(n, ())]
        if not pool:
            return None
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=25)
        # The vocabulary keeps words of deleted threads: a word no post uses any more is no answer.
        found = [(candidate, distance) for candidate, distance, _ in found
                 if candidate != word and self._frequency(candidate) > 0]
        if not found:
            return None
        best = min(found, key=lambda item: (item[1], -self._frequency(item[0]), item[0]))
        return best[0]

    def needs_correcting(self, word: str) -> bool:
        """Only a word no post uses: a word the library has, or a stop word (never indexed), is what the user meant."""
        word = word.lower()
        if word in STOP_WORDS or word in self.known:
            return False
        return self._frequency(word) == 0

    def suggest(self, query: str) -> str | None:
        """The query with its misspelt words replaced, or None when nothing needs correcting."""
        changed = False
        pieces: list[str] = []
        last = 0
        for match in _WORD.finditer(query):
            word = match.group(1)
            if word in _OPERATORS or not _in_text_field(query, match.start()) or not self.needs_correcting(word):
                continue
            better = self.correct(word)
            if better is None:
                continue
            if word[0].isupper():
                better = better.capitalize()
            pieces.append(query[last:match.start()] + better)
            last = match.end()
            changed = True
        if not changed:
            return None
        return "".join(pieces) + query[last:]
