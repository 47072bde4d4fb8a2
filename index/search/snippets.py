"""Snippets of a matching post with the character offsets of the words that matched."""

from __future__ import annotations

import re

from index.textsafety import printable

# Not whoosh.highlight: it analyzes the whole post to find the terms, 2.4x slower than this on a
# 20,000-character post (5.4 vs 2.3 ms per hit, measured), and a results page makes 20 of them per
# keystroke while the user types; it also gives marked-up text, where the app wants offsets.
SNIPPET_CHARS = 200
LEAD_CHARS = 50  # context kept before the first highlighted word


def flatten(text: str) -> str:
    """Printable text on one line: what a snippet is cut from (offsets refer to this)."""
    return " ".join(printable(text).split())


_WORD = re.compile(r"\w+(?:\.?\w+)*")  # whoosh's default tokenizer pattern, so spans agree
_PARTS = re.compile(r"[._]+")  # a dotted or underscored word is found by its parts too


def matches(analyzer, text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words of `text` that analyze to one of `terms`.

    Only words sharing a term's first letters go through the stemmer: analyzing whole long
    posts was most of the time a search took.
    """
    if not terms or not text:
        return []
    prefixes = {term[:2] for term in terms}
    stems: dict[str, bool] = {}
    spans = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word[:2] not in prefixes and not (("." in word or "_" in word)
                                            and any(part[:2] in prefixes for part in _PARTS.split(word))):
            continue
        hit = stems.get(word)
        if hit is None:
            hit = stems[word] = any(token.text in terms for token in analyzer(word, removestops=False))
        if hit:
            spans.append(match.span())
    return spans


def _best_anchor(text: str, spans: list[tuple[int, int]]) -> int:
    """Start of the window of SNIPPET_CHARS holding the most different matched words, then the most
    matches (the earliest on ties): `"I think"` shows where both words are, not a run of "I"s."""
    best, best_key = spans[0][0], (0, 0)
    for i, (start, _) in enumerate(spans[:200]):
        limit = start + SNIPPET_CHARS - LEAD_CHARS
        inside = [text[s:e].lower() for s, e in spans[i:] if e <= limit]
        key = (len(set(inside)), len(inside))
        if key > best_key:
            best, best_key = start, key
    return best


def cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of about SNIPPET_CHARS around the densest run of spans, with spans moved into it."""
    if len(text) <= SNIPPET_CHARS:
        return text, tuple(spans)
    start = 0
    if spans:
        anchor = _best_anchor(text, spans)
        start = max(0, anchor - LEAD_CHARS)
        if start:
            space = text.find(" ", start, anchor)
            start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start + SNIPPET_CHARS // 2, end)
        end = space if space != -1 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return prefix + text[start:end] + suffix, inside


def snippet(analyzer, sources: list[tuple[str, frozenset[str]]]) -> tuple[str, tuple[tuple[int, int], ...], int]:
    """(snippet, highlight spans, which source it was cut from) for one post.

    `sources` are (text, matched terms) in order of preference: its own words, its quotes, its
    signature. The snippet comes from the one where most different words of the query match
    (a phrase is all in one place), the earlier on a tie, else from the first with text.
    """
    flats = [flatten(text) for text, _ in sources]
    best, best_words, best_spans = None, 0, []
    for which, (flat, (_, terms)) in enumerate(zip(flats, sources)):
        spans = matches(analyzer, flat, terms)
        words = len({flat[s:e].lower() for s, e in spans})
        if words > best_words:
            best, best_words, best_spans = which, words, spans
    if best is not None:
        return (*cut(flats[best], best_spans), best)
    which = next((i for i, flat in enumerate(flats) if flat), 0)
    return (*cut(flats[which] if flats else "", []), which)
