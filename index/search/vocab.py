"""Each field's indexed words, listed once per searcher generation: what wildcard and fuzzy words stand for, and how common each is."""

from __future__ import annotations

import re
from bisect import bisect_left


from index.search.postings import Unsupported, prefixed

# Past this many words, their document counts are read in one walk of each segment's words
# rather than one lookup per word and segment.
LOOKUPS = 20


def field_terms(reader, field: str, cache: dict | None) -> list[str]:
    """The field's indexed words, sorted (cached in `cache`, which lives as long as the reader)."""
    key = f"terms:{field}"
    if cache is not None and key in cache:
        return cache[key]
    terms = sorted(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                   for raw in reader.lexicon(field))
    if cache is not None:
        cache[key] = terms
    return terms


def _between(terms: list[str], start: str) -> list[str]:
    low = bisect_left(terms, start)
    high = bisect_left(terms, start + "\U0010ffff") if start else len(terms)
    return terms[low:high]


def within(terms: list[str], text: str, maxdist: int, prefix: int) -> list[str]:
    """The words sharing the first `prefix` letters with text and at most maxdist edits from it.

    The same words Whoosh's reader.terms_within gives (its distance is the restricted
    Damerau-Levenshtein one, OSA), compared in C instead of one Python loop per word.
    """
    from rapidfuzz import process  # here: a plain search never loads rapidfuzz (~7 ms)
    from rapidfuzz.distance import OSA

    found = process.extract(text, _between(terms, text[:prefix]), scorer=OSA.distance, score_cutoff=maxdist,
                            limit=None)
    return [word for word, _, _ in found]


def matching(terms: list[str], literal: str, pattern: str | None) -> list[str]:
    """The words starting with `literal` that the anchored regex `pattern` (if any) matches."""
    candidates = _between(terms, literal)
    if pattern is None:
        return candidates
    match = re.compile(pattern).match
    return [word for word in candidates if match(word)]


def frequencies(reader, field: str, words: list[str], literal: str, cache: dict | None,
                lookups=None) -> dict[str, int]:
    """How many documents hold each word in the field (deleted ones included, as Whoosh counts);
    `literal` is a prefix all the words share. `lookups` (postings.Lookups) keeps the term infos
    read on the way, for the query to use."""
    if len(words) <= LOOKUPS:
        if lookups is None:
            return {word: reader.doc_frequency(field, word) for word in words}
        return {word: _frequency(reader, field, word, lookups) for word in words}
    key = f"frequencies:{field}"
    if not literal and cache is not None and key in cache:
        every = cache[key]
        return {word: every.get(word, 0) for word in words}
    counts: dict[str, int] = {}
    try:
        prefix = reader.schema[field].to_bytes(literal)
    except ValueError:
        prefix = None
    for leaf, _ in reader.leaf_readers():
        infos = {}
        try:
            if prefix is None:
                raise Unsupported
            walk = list(prefixed(leaf, field, prefix))
        except Unsupported:
            walk = [(raw, info, info.doc_frequency()) for raw, info in leaf.iter_prefix(field, literal)]
        for raw, info, count in walk:
            word = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            counts[word] = counts.get(word, 0) + count
            infos[raw] = info
        if lookups is not None and literal and prefix is not None:  # a whole field's would outlive their use
            lookups.walked(leaf, field, prefix, infos)
    if not literal and cache is not None:  # the whole field walked: kept for the next such word
        cache[key] = counts
    return {word: counts.get(word, 0) for word in words}


def _frequency(reader, field: str, word: str, lookups) -> int:
    """reader.doc_frequency(field, word), each segment's term info kept in `lookups`."""
    try:
        text = reader.schema[field].to_bytes(word)
    except ValueError:
        return 0
    return sum(lookups.doc_frequency(leaf, field, text) for leaf, _ in reader.leaf_readers())
