"""Which documents a query matches and their BM25F scores, as arrays read from posting lists a block at a time.

Walking Whoosh's matcher tree costs a chain of Python calls per matching document and per
score: at 100,000 posts a common word's thousands of matches were most of a query's time,
growing with the library. Here terms, phrases, Or, And, AndNot, AndMaybe and Require (what the
query parser and the expansion of wildcard and fuzzy words produce) are evaluated with numpy,
with the same formula, boosts and additions Whoosh's matchers use (a phrase's positions are read
only for the documents holding all its words); a query holding anything else (ranges, a bare
NOT) is walked by Whoosh's own matcher, once. This is the one place
that reads Whoosh's block internals.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from index.search import phrases

_IDS = np.zeros(0, dtype=np.int64)
_SCORES = np.zeros(0, dtype=np.float64)
_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)


class _Unsupported(Exception):
    """A node this module does not evaluate: the whole query goes to Whoosh's matcher."""


def _postings(reader, field: str, text: bytes, values: bool = False) -> tuple:
    """(ids, weights) of one term in one segment, without the segment's deleted documents; with
    `values`, also each posting's encoded value (its positions), from the same block reads."""
    matcher = reader.postings(field, text)
    deleted = None
    if isinstance(matcher, FilterMatcher):  # a segment with deletions wraps its postings
        matcher, deleted = matcher.child, matcher._ids
    if not all(hasattr(matcher, name) for name in ("_read_ids", "_read_weights", "_read_values")):
        raise _Unsupported
    ids, weights, encoded = [], [], []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int64))
        weights.append(np.asarray(matcher._weights, dtype=np.float64))
        if values:
            matcher._read_values()
            encoded.extend(matcher._values)
        matcher._next_block()
    found = (np.concatenate(ids), np.concatenate(weights)) if ids else (_IDS, _SCORES)
    if deleted:
        kept = ~np.isin(found[0], np.fromiter(deleted, dtype=np.int64))
        found = (found[0][kept], found[1][kept])
        encoded = [value for value, keep in zip(encoded, kept) if keep] if values else encoded
    return (*found, encoded) if values else found


class _Segment:
    """Evaluates query nodes in one segment; `searcher` is the top searcher (idf and averages are global)."""

    def __init__(self, searcher, leaf, cache: dict):
        self.searcher, self.leaf, self.reader = searcher, leaf, leaf.reader()
        self.cache = cache
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise _Unsupported
        self.weighting = weighting

    def lengths(self, field: str) -> np.ndarray:
        """Every document's length in the field, as Whoosh's scorer reads it (a byte per document)."""
        key = ("lengths", id(self.reader), field)
        if key not in self.cache:
            column = self.reader._perdoc._cached_reader(f"_{field}_len", _length_column())
            if column is None:
                self.cache[key] = np.ones(self.reader.doc_count_all(), dtype=np.float64)
            else:
                self.cache[key] = _LENGTHS[np.fromiter(column, dtype=np.int64)]
        return self.cache[key]

    def term(self, node: Q.Term) -> tuple[np.ndarray, np.ndarray]:
        field = self.searcher.schema[node.fieldname] if node.fieldname in self.searcher.schema else None
        if field is None:
            return _IDS, _SCORES
        try:
            text = field.to_bytes(node.text)
        except ValueError:
            return _IDS, _SCORES
        if (node.fieldname, text) not in self.reader:
            return _IDS, _SCORES
        if not field.scorable or node.minquality:
            raise _Unsupported
        ids, tf = _postings(self.reader, node.fieldname, text)
        scores = self.bm25(node.fieldname, text, ids, tf)
        return ids, scores * node.boost if node.boost != 1.0 else scores

    def bm25(self, fieldname: str, text: bytes, ids: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """The word's score in each of `ids`, where it occurs `tf` times (whoosh.scoring.bm25)."""
        w = self.weighting
        B, K1 = w._field_B.get(fieldname, w.B), w.K1
        idf = self.searcher.idf(fieldname, text)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        fl = self.lengths(fieldname)[ids]
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))

    def phrase(self, node: Q.Phrase) -> tuple[np.ndarray, np.ndarray]:
        """Documents holding every word (rarest word first), then positions read for those only.

        Scored as Whoosh's phrase matcher scores: its words' term scores added as a binary tree of
        intersections, times the phrase's boost."""
        field = self.searcher.schema[node.fieldname] if node.fieldname in self.searcher.schema else None
        if field is None:
            return _IDS, _SCORES
        if not node.words or not field.scorable or not (field.format and field.format.supports("positions")):
            raise _Unsupported
        try:
            texts = [field.to_bytes(word) for word in node.words]
        except ValueError:
            return _IDS, _SCORES
        if any((node.fieldname, text) not in self.reader for text in texts):
            return _IDS, _SCORES
        found, ids = {}, None
        for text in sorted(set(texts), key=lambda t: self.reader.doc_frequency(node.fieldname, t)):
            found[text] = _postings(self.reader, node.fieldname, text, values=True)
            ids = found[text][0] if ids is None else np.intersect1d(ids, found[text][0], assume_unique=True)
            if not len(ids):
                return _IDS, _SCORES
        ids = ids[phrases.holding(field.format, [found[text] for text in texts], ids, node.slop)]
        parts = []
        for text in texts:
            word_ids, tf, _ = found[text]
            parts.append(self.bm25(node.fieldname, text, ids, tf[np.searchsorted(word_ids, ids)]))
        scores = _halves(parts)
        return ids, scores * node.boost if node.boost != 1.0 else scores

    def node(self, node) -> tuple[np.ndarray, np.ndarray]:
        """(sorted local ids, scores) of what `node` matches in this segment."""
        if isinstance(node, Q.Term):
            return self.term(node)
        if type(node) is Q.Phrase:
            return self.phrase(node)
        if isinstance(node, Q.qcore._NullQuery):
            return _IDS, _SCORES
        if isinstance(node, Q.Or) and not node.minmatch and not node.scale:
            return self.either(node)
        if isinstance(node, Q.And) and type(node) is Q.And:
            return self.both(node)
        if isinstance(node, Q.AndNot):
            ids, scores = self.node(node.a)
            if len(ids):
                kept = ~np.isin(ids, self.node(node.b)[0])
                ids, scores = ids[kept], scores[kept]
            return ids, scores
        if isinstance(node, (Q.AndMaybe, Q.Require)):
            ids, scores = self.node(node.a)
            other, extra = self.node(node.b)
            inside = np.isin(ids, other)
            if isinstance(node, Q.Require):
                return ids[inside], scores[inside]
            added = scores.copy()
            added[inside] = scores[inside] + extra[np.searchsorted(other, ids[inside])]
            return ids, added
        raise _Unsupported

    def either(self, node: Q.Or):
        subs = node.subqueries
        if len(subs) < 2:
            return self.node(subs[0]) if subs else (_IDS, _SCORES)
        parts = [self.node(sub) for sub in subs]
        ids = np.unique(np.concatenate([p[0] for p in parts]))
        aligned = []
        for sub_ids, sub_scores in parts:
            full = np.zeros(len(ids))
            full[np.searchsorted(ids, sub_ids)] = sub_scores
            aligned.append(full)
        preloaded = type(node) is Q.PreloadedOr or (
            type(node) is Q.Or and node.matcher_type == Q.Or.AUTO_MATCHER
            and not (len(subs) < Q.Or.TOO_MANY_CLAUSES
                     and (len(subs) == 2 or self.leaf.doc_count_all() > 5000)))
        if preloaded:  # ArrayUnionMatcher: each sub's score times the boost, added in order
            total = np.zeros(len(ids))
            for full in aligned:
                total = total + full * node.boost
            return ids, total
        if type(node) is not Q.Or and type(node).__name__ != "DefaultOr":
            raise _Unsupported
        found = [full for (sub_ids, _), full in zip(parts, aligned) if len(sub_ids)]
        if len(found) <= 2:  # a + b is b + a and adding zeros changes nothing: no need to size
            total = sum(found[1:], found[0]) if found else np.zeros(0)  # the subqueries (lookups)
        else:  # a tree of UnionMatchers, smallest posting lists joined first (Whoosh's make_weighted_tree)
            total = _tree([(sub.estimate_size(self.reader), i, full)
                           for i, (sub, full) in enumerate(zip(subs, aligned))])
        return ids, total * node.boost if node.boost != 1.0 else total

    def both(self, node: Q.And):
        subs = node.subqueries
        if len(subs) < 2:
            return self.node(subs[0]) if subs else (_IDS, _SCORES)
        parts = [self.node(sub) for sub in subs]
        ids = parts[0][0]
        for sub_ids, _ in parts[1:]:
            ids = np.intersect1d(ids, sub_ids, assume_unique=True)
        aligned = [sub_scores[np.searchsorted(sub_ids, ids)] for sub_ids, sub_scores in parts]
        total = _tree([(0 - sub.estimate_size(self.reader), i, s) for i, (sub, s) in enumerate(zip(subs, aligned))])
        return ids, total * node.boost if node.boost != 1.0 else total


def _tree(weighted: list) -> np.ndarray:
    """Scores added pairwise in the order Whoosh's make_weighted_tree joins its matchers."""
    weighted = sorted(weighted, key=lambda item: (item[0], item[1]))
    counter = len(weighted)
    while len(weighted) > 1:
        (wa, _, a), (wb, _, b) = weighted.pop(0), weighted.pop(0)
        weighted.append((wa + wb, counter, a + b))
        counter += 1
        weighted.sort(key=lambda item: (item[0], item[1]))
    return weighted[0][2]


def _halves(parts: list[np.ndarray]) -> np.ndarray:
    """Scores added as Whoosh's make_binary_tree pairs its matchers: first half plus second half."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _halves(parts[:half]) + _halves(parts[half:])


def _length_column():
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    return LENGTHS_COLUMN


def _walked(searcher, query) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh's own scored walk over every match (for queries this module does not evaluate)."""
    context = searcher.context()
    ids, scores = [], []
    for leaf, offset in searcher.leaf_searchers():
        matcher = query.matcher(leaf, context)
        while matcher.is_active():
            ids.append(offset + matcher.id())
            scores.append(matcher.score())
            matcher.next()
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)


def _without_empty_phrases(searcher, query):
    """The query with each phrase whose words share no document dropped: building a phrase's
    span matcher and walking it cost more than reading the words' posting lists (at 100,000 posts
    most of a phrase query went to fields the words are never together in)."""
    def together(node) -> bool:
        field = searcher.schema[node.fieldname] if node.fieldname in searcher.schema else None
        if field is None or not node.words:
            return True
        for leaf, _ in searcher.leaf_searchers():
            reader, found = leaf.reader(), None
            for word in node.words:
                text = field.to_bytes(word)
                ids = _postings(reader, node.fieldname, text)[0] if (node.fieldname, text) in reader else _IDS
                found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
                if not len(found):
                    break
            if found is not None and len(found):
                return True
        return False

    def visit(node):
        if type(node) is Q.Phrase:
            try:
                return node if together(node) else Q.NullQuery
            except _Unsupported:
                return node
        return node

    return query.accept(visit)


def scored(searcher, query, cache: dict) -> tuple[np.ndarray, np.ndarray]:
    """(sorted global document numbers of every match, their scores); `cache` lives as long as the searcher."""
    try:
        ids, scores = [], []
        for leaf, offset in searcher.leaf_searchers():
            local_ids, local_scores = _Segment(searcher, leaf, cache).node(query)
            ids.append(local_ids + offset)
            scores.append(local_scores)
        if not ids:
            return _IDS, _SCORES
        return np.concatenate(ids), np.concatenate(scores)
    except _Unsupported:
        return _walked(searcher, _without_empty_phrases(searcher, query))
