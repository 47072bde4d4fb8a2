"""Which documents a query matches and their BM25F scores, as arrays read from posting lists a block at a time.

Walking Whoosh's matcher tree costs a chain of Python calls per matching document and per
score: at 100,000 posts a common word's thousands of matches were most of a query's time,
growing with the library. Here terms, phrases, Or, And, AndNot, AndMaybe and Require (what the
query parser and the expansion of wildcard and fuzzy words produce) are evaluated with numpy,
with the same formula, boosts and additions Whoosh's matchers use (a phrase's positions are read
only for the documents holding all its words); a query holding anything else (ranges, a bare
NOT) is walked by Whoosh's own matcher, once. Posting lists are read by postings.py, each word
looked up once per segment for the whole query.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as Q
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from index.library.whoosh_patches import length_bytes
from index.search import phrases, postings
from index.search.postings import Lookups
from index.search.postings import Unsupported as _Unsupported
from index.search.walk import walked as _walked
from index.search.walk import without_empty_phrases as _without_empty_phrases

_IDS = np.zeros(0, dtype=np.int64)
_SCORES = np.zeros(0, dtype=np.float64)


_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)


class _Segment:
    """Evaluates query nodes in one segment; `searcher` is the top searcher (idf and averages are global)."""

    def __init__(self, searcher, leaf, cache: dict, lookups: Lookups):
        self.searcher, self.leaf, self.reader = searcher, leaf, leaf.reader()
        self.cache, self.lookups = cache, lookups
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise _Unsupported
        self.weighting = weighting

    def lengths(self, field: str, ids: np.ndarray) -> np.ndarray:
        """The documents' lengths in the field, as Whoosh's scorer reads them (a byte per document, kept;
        only those of `ids` decoded: a one-shot search reads a few of a large segment's documents)."""
        key = ("lengths", id(self.reader), field)
        if key not in self.cache:
            column = self.reader._perdoc._cached_reader(f"_{field}_len", _length_column())
            self.cache[key] = None if column is None else np.frombuffer(
                length_bytes(column, self.reader.doc_count_all()), np.uint8)
        codes = self.cache[key]
        return np.ones(len(ids), dtype=np.float64) if codes is None else _LENGTHS[codes[ids]]

    def postings(self, field: str, info, values: bool = False, within: np.ndarray | None = None) -> tuple:
        """The word's (ids, weights[, encoded values]) in this segment, deleted documents left out
        (with `within`, only its blocks that may hold those documents)."""
        gone = postings.deleted(self.reader, self.cache)
        return postings.read(self.reader, info, self.searcher.schema[field].format, gone, values, within)

    def average_length(self, field: str) -> float | None:
        """searcher.avg_field_length, which sums every segment's lengths each time it is asked."""
        key = ("average length", field)
        if key not in self.cache:
            self.cache[key] = self.searcher.avg_field_length(field)
        return self.cache[key]

    def size(self, node) -> int:
        """node.estimate_size(reader) as Whoosh computes it, from the words' term infos looked up already."""
        method = type(node).estimate_size
        if method is Q.Term.estimate_size:
            return self.word_size(node.fieldname, node.text)
        if method is Q.Phrase.estimate_size and node.words:  # the And of its words' terms
            return min(self.word_size(node.fieldname, word) for word in node.words)
        if method is Q.compound.CompoundQuery.estimate_size:
            return min(sum(self.size(sub) for sub in node.subqueries), self.reader.doc_count())
        if method is Q.And.estimate_size and node.subqueries:
            return min(self.size(sub) for sub in node.subqueries)
        return node.estimate_size(self.reader)

    def word_size(self, fieldname: str, word) -> int:
        if fieldname not in self.searcher.schema:
            return 0
        try:
            text = self.searcher.schema[fieldname].to_bytes(word)
        except ValueError:
            return 0
        return self.lookups.doc_frequency(self.reader, fieldname, text)

    def term(self, node: Q.Term) -> tuple[np.ndarray, np.ndarray]:
        field = self.searcher.schema[node.fieldname] if node.fieldname in self.searcher.schema else None
        if field is None:
            return _IDS, _SCORES
        try:
            text = field.to_bytes(node.text)
        except ValueError:
            return _IDS, _SCORES
        info = self.lookups.info(self.reader, node.fieldname, text)
        if info is None:
            return _IDS, _SCORES
        if not field.scorable or node.minquality:
            raise _Unsupported
        ids, tf = self.postings(node.fieldname, info)
        scores = self.bm25(node.fieldname, text, ids, tf)
        return ids, scores * node.boost if node.boost != 1.0 else scores

    def words(self, subs: list) -> tuple[np.ndarray, np.ndarray] | None:
        """(ids, scores) of words of one field, one after the other, scored at once (a wildcard's
        expansion: numpy's cost per call, not per posting, was most of its time); None if `subs`
        are not all such words."""
        if not subs or any(type(sub) is not Q.Term or sub.minquality for sub in subs):
            return None
        name = subs[0].fieldname
        field = self.searcher.schema[name] if name in self.searcher.schema else None
        if field is None or not field.scorable or any(sub.fieldname != name for sub in subs):
            return None
        ids, tf, idf, boost = [], [], [], []
        for sub in subs:
            try:
                text = field.to_bytes(sub.text)
            except ValueError:
                continue
            info = self.lookups.info(self.reader, name, text)
            if info is not None:
                word_ids, word_tf = self.postings(name, info)
                ids.append(word_ids)
                tf.append(word_tf)
                idf.append(self.lookups.idf(name, text))
                boost.append(sub.boost)
        if not ids:
            return _IDS, _SCORES
        counts = [len(word_ids) for word_ids in ids]
        ids = np.concatenate(ids)
        scores = self.bm25(name, None, ids, np.concatenate(tf), np.repeat(idf, counts))
        return ids, scores * np.repeat(boost, counts)

    def bm25(self, fieldname: str, text: bytes | None, ids: np.ndarray, tf: np.ndarray, idf=None) -> np.ndarray:
        """The word's score in each of `ids`, where it occurs `tf` times (whoosh.scoring.bm25)."""
        w = self.weighting
        B, K1 = w._field_B.get(fieldname, w.B), w.K1
        idf = self.lookups.idf(fieldname, text) if idf is None else idf
        avgfl = self.average_length(fieldname) or 1
        fl = self.lengths(fieldname, ids)
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
        infos = {}
        for text in texts:  # a word the segment lacks ends it: the others need no lookup
            if text not in infos:
                infos[text] = self.lookups.info(self.reader, node.fieldname, text)
                if infos[text] is None:
                    return _IDS, _SCORES
        # Documents holding every word, the rarest first: each next word's blocks holding none of
        # those documents are skipped, and positions are unpickled only for the blocks left (the
        # commonest word's at once: nearly all the rarer words' documents hold it).
        ids, rarest, found = None, sorted(set(texts), key=lambda t: infos[t].doc_frequency()), {}
        for text in rarest:
            found[text] = self.postings(node.fieldname, infos[text], values=text == rarest[-1], within=ids)
            ids = found[text][0] if ids is None else np.intersect1d(ids, found[text][0], assume_unique=True)
            if not len(ids):
                return _IDS, _SCORES
        for text in rarest[:-1]:
            found[text] = self.postings(node.fieldname, infos[text], values=True, within=ids)
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
        preloaded = type(node) is Q.PreloadedOr or (
            type(node) is Q.Or and node.matcher_type == Q.Or.AUTO_MATCHER
            and not (len(subs) < Q.Or.TOO_MANY_CLAUSES
                     and (len(subs) == 2 or self.leaf.doc_count_all() > 5000)))
        if preloaded:  # ArrayUnionMatcher: each sub's score times the boost, added in order
            every_id, every_score = self.words(subs) or [np.concatenate(part) for part in
                                                         zip(*(self.node(sub) for sub in subs))]
            ids, where = np.unique(every_id, return_inverse=True)
            total = np.zeros(len(ids))
            np.add.at(total, where, every_score * node.boost)  # in order, as the matcher adds them
            return ids, total
        parts = [self.node(sub) for sub in subs]
        ids = postings.union([p[0] for p in parts])
        aligned = []
        for sub_ids, sub_scores in parts:
            full = np.zeros(len(ids))
            full[np.searchsorted(ids, sub_ids)] = sub_scores
            aligned.append(full)
        if type(node) is not Q.Or and type(node).__name__ != "DefaultOr":
            raise _Unsupported
        found = [full for (sub_ids, _), full in zip(parts, aligned) if len(sub_ids)]
        if len(found) <= 2:  # a + b is b + a and adding zeros changes nothing: no need to size
            total = sum(found[1:], found[0]) if found else np.zeros(0)  # the subqueries (lookups)
        else:  # a tree of UnionMatchers, smallest posting lists joined first (Whoosh's make_weighted_tree)
            total = _tree([(self.size(sub), i, full)
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
        total = _tree([(0 - self.size(sub), i, s) for i, (sub, s) in enumerate(zip(subs, aligned))])
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


def scored(searcher, query, cache: dict, lookups: Lookups | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(sorted global document numbers of every match, their scores); `cache` lives as long as the
    searcher, `lookups` (made here if not given) as long as the query."""
    lookups = lookups or Lookups(searcher)
    try:
        ids, scores = [], []
        for leaf, offset in searcher.leaf_searchers():
            local_ids, local_scores = _Segment(searcher, leaf, cache, lookups).node(query)
            ids.append(local_ids + offset)
            scores.append(local_scores)
        if not ids:
            return _IDS, _SCORES
        return np.concatenate(ids), np.concatenate(scores)
    except _Unsupported:
        return _walked(searcher, _without_empty_phrases(searcher, query, cache, lookups))
