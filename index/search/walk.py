"""Queries docsets.py does not evaluate: Whoosh's own scored walk over every match, phrases whose words never meet dropped first."""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from index.search import postings
from index.search.postings import Lookups, Unsupported

_IDS = np.zeros(0, dtype=np.int64)


def walked(searcher, query) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh's own scored walk over every match: (global document numbers, scores)."""
    context = searcher.context()
    ids, scores = [], []
    for leaf, offset in searcher.leaf_searchers():
        matcher = query.matcher(leaf, context)
        while matcher.is_active():
            ids.append(offset + matcher.id())
            scores.append(matcher.score())
            matcher.next()
    return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)


def without_empty_phrases(searcher, query, cache: dict, lookups: Lookups):
    """The query with each phrase whose words share no document dropped: building a phrase's
    span matcher and walking it cost more than reading the words' posting lists (at 100,000 posts
    most of a phrase query went to fields the words are never together in)."""
    def together(node) -> bool:
        field = searcher.schema[node.fieldname] if node.fieldname in searcher.schema else None
        if field is None or not node.words:
            return True
        for reader in lookups.readers:
            found = None
            for word in node.words:
                info = lookups.info(reader, node.fieldname, field.to_bytes(word))
                ids = _IDS if info is None else postings.read(reader, info, field.format, postings.deleted(reader, cache))[0]
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
            except Unsupported:
                return node
        return node

    return query.accept(visit)
