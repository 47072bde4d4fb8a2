"""Did-you-mean: misspelt query words corrected from the library's own vocabulary, in the query's context."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from whoosh.analysis import STOP_WORDS

# Bare words of a query: not a field name (followed by ":"), not a wildcard or fuzzy term.
_WORD = re.compile(r"(?<![\w:*?~])([^\W\d_]{3,})(?![\w:*?~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# Fields whose words come from what authors wrote (the vocabulary); others (author:…) are names.
_TEXT_FIELDS = {"own", "quoted", "title"}
_FIELD_BEFORE = re.compile(r"(\w+):(?:\"[^\"]*|\([^)]*|\S*)$")
# Candidates weighed against the query's other words, closest and commonest first: each costs
# an intersection of posting lists.
MAX_WEIGHED = 40

# shared(word, others) -> how many documents hold `word` together with every one of `others`.
Shared = Callable[[str, Sequence[str]], int]


def _max_distance(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _in_text_field(query: str, start: int) -> bool:
    """True unless the word sits inside a field clause naming a non-text field (author:, forum:…)."""
    field = _FIELD_BEFORE.search(query[:start])
    return field is None or field.group(1).lower() in _TEXT_FIELDS


def _query_words(query: str) -> list[re.Match]:
    """The query's bare words that search what authors wrote (not operators, not author:… names)."""
    return [match for match in _WORD.finditer(query)
            if match.group(1) not in _OPERATORS and _in_text_field(query, match.start())]


def has_unused_word(query: str, frequency: Callable[[str], int]) -> bool:
    """Whether a word of the query is one no post uses (a doc-frequency look-up per word, no
    vocabulary): a query that found plenty through its other words ("stalin OR molotof") may
    still hold a misspelling."""
    return any(match.group(1).lower() not in STOP_WORDS and frequency(match.group(1).lower()) == 0
               for match in _query_words(query))


class Speller:
    """Corrections for one vocabulary (one searcher generation).

    Without `shared`, the closest then commonest word wins. With it, a correction is weighed in
    the query's context the way search engines do: a candidate that occurs in documents together
    with the query's other words beats one that does not (a remembered post holds all its words),
    then the closer, then the one sharing more documents with them, then the commoner.
    """

    def __init__(self, vocabulary: list[str], frequency: Callable[[str], int], shared: Shared | None = None):
        self.vocabulary = vocabulary
        self.known = frozenset(vocabulary)
        self._frequency = frequency
        self._shared = shared
        self._by_length: dict[int, list[str]] = {}
        for word in vocabulary:
            self._by_length.setdefault(len(word), []).append(word)

    def candidates(self, word: str) -> list[tuple[str, int]]:
        """(vocabulary word, edit distance) within a small distance that some post still uses,
        closest then commonest first."""
        word = word.lower()
        limit = _max_distance(word)
        pool = [w for n in range(len(word) - limit, len(word) + limit + 1) for w in self._by_length.get(n, ())]
        if not pool:
            return []
        from rapidfuzz import process  # here: a plain search never loads rapidfuzz (~7 ms)
        from rapidfuzz.distance import OSA

        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
        # The vocabulary keeps words of deleted threads: a word no post uses any more is no answer.
        scored = [(candidate, distance, self._frequency(candidate)) for candidate, distance, _ in found
                  if candidate != word]
        scored = [item for item in scored if item[2] > 0]
        scored.sort(key=lambda item: (item[1], -item[2], item[0]))
        return [(candidate, distance) for candidate, distance, _ in scored]

    def correct(self, word: str, others: Sequence[str] = (), *, in_context: bool = False) -> str | None:
        """The best correction of `word` next to the query's other (known) words; None if none
        (in_context: also None unless it shares documents with them)."""
        found = self.candidates(word)
        if not found:
            return None
        if self._shared is None or not others:
            return None if in_context else found[0][0]
        weighed = []
        for rank, (candidate, distance) in enumerate(found[:MAX_WEIGHED]):
            together = self._shared(candidate, others)
            # rank keeps the closest-then-commonest order among equals
            weighed.append((together == 0, distance, -together, rank, candidate))
        best = min(weighed)
        return None if in_context and best[0] else best[-1]

    def needs_correcting(self, word: str) -> bool:
        """Only a word no post uses: a word the library has, or a stop word (never indexed), is what the user meant."""
        word = word.lower()
        if word in STOP_WORDS or word in self.known:
            return False
        return self._frequency(word) == 0

    def unwritten(self, word: str) -> bool:
        """A word no post wrote as typed, though a post has another form of it ("caned", "cane")."""
        word = word.lower()
        return word not in STOP_WORDS and word not in self.known and self._frequency(word) > 0

    def suggest(self, query: str, found_nothing: bool = False) -> str | None:
        """The query with its misspelt words replaced, or None when nothing needs correcting.

        found_nothing: the query matched nothing, so a word no post wrote as typed (only another
        form of it) is corrected too, but only to a word found together with the query's others.
        """
        words = _query_words(query)
        wrong = [match for match in words if self.needs_correcting(match.group(1))]
        doubtful = [match for match in words if found_nothing and self.unwritten(match.group(1))]
        if not wrong and not doubtful:
            return None
        chosen: dict[int, str] = {}
        # Twice: the second time, each misspelt word is weighed beside the others' corrections.
        for _ in range(2 if len(wrong) > 1 else 1):
            for match in wrong:
                better = self.correct(match.group(1), self._others(words, wrong, chosen, match))
                if better is not None:
                    chosen[match.start()] = better
        for match in doubtful:
            better = self.correct(match.group(1), self._others(words, wrong, chosen, match), in_context=True)
            if better is not None:
                chosen[match.start()] = better
        if not chosen:
            return None
        pieces: list[str] = []
        last = 0
        for match in words:
            better = chosen.get(match.start())
            if better is None:
                continue
            if match.group(1)[0].isupper():
                better = better.capitalize()
            pieces.append(query[last:match.start()] + better)
            last = match.end()
        return "".join(pieces) + query[last:]

    @staticmethod
    def _others(words, wrong, chosen: dict[int, str], match) -> list[str]:
        """The query's other words as the library has them: known ones and the others' corrections."""
        kept = [m.group(1).lower() for m in words
                if m is not match and m not in wrong and m.start() not in chosen and m.group(1).lower() not in STOP_WORDS]
        return kept + [word for start, word in chosen.items() if start != match.start()]
