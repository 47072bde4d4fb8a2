"""How many documents a word shares with other words, from their posting lists: did-you-mean's context."""

from __future__ import annotations

from collections import OrderedDict
from typing import Sequence

from whoosh import query as Q

from index.search.query import DEFAULT_FIELDS, library_schema

# Document sets kept per searcher generation; a common word's set holds many thousand numbers.
MAX_KEPT = 256


class SharedDocuments:
    """Documents holding words in the searched fields, read from one searcher."""

    def __init__(self, searcher):
        self._searcher = searcher
        self._kept: OrderedDict[str, frozenset[int]] = OrderedDict()

    def documents(self, word: str) -> frozenset[int]:
        """Numbers of the documents holding the word (in any form) in one of the default fields."""
        word = word.lower()
        if word in self._kept:
            self._kept.move_to_end(word)
            return self._kept[word]
        schema = library_schema()
        terms = {(field, token.text) for field in DEFAULT_FIELDS for token in schema[field].analyzer(word)}
        docs = frozenset(self._searcher.docs_for_query(Q.Or([Q.Term(f, t) for f, t in sorted(terms)]))) \
            if terms else frozenset()
        self._kept[word] = docs
        if len(self._kept) > MAX_KEPT:
            self._kept.popitem(last=False)
        return docs

    def __call__(self, word: str, others: Sequence[str]) -> int:
        """How many documents hold `word` and every one of `others`."""
        # A word found nowhere (its analysis is empty) says nothing about the others.
        context = [docs for docs in map(self.documents, others) if docs]
        sets = sorted([self.documents(word), *context], key=len)
        if not sets[0]:
            return 0
        return len(sets[0].intersection(*sets[1:]))
