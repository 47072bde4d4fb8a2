"""Each field's indexed words, listed once per searcher generation, so fuzzy words expand without a walk of the term files."""

from __future__ import annotations

from bisect import bisect_left

from rapidfuzz import process
from rapidfuzz.distance import OSA


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


def within(terms: list[str], text: str, maxdist: int, prefix: int) -> list[str]:
    """The words sharing the first `prefix` letters with text and at most maxdist edits from it.

    The same words Whoosh's reader.terms_within gives (its distance is the restricted
    Damerau-Levenshtein one, OSA), compared in C instead of one Python loop per word.
    """
    start = text[:prefix]
    low = bisect_left(terms, start)
    high = bisect_left(terms, start + "\U0010ffff") if start else len(terms)
    found = process.extract(text, terms[low:high], scorer=OSA.distance, score_cutoff=maxdist, limit=None)
    return [word for word, _, _ in found]
