"""What the user typed, as a Whoosh query: the query language, plain-word fallback, cost guards, expansion."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from whoosh import query as Q
from whoosh.fields import Schema
from whoosh.qparser import (
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
    WhitespacePlugin,
)
from whoosh.qparser.syntax import AndGroup
from whoosh.query.compound import PreloadedOr

from index.library.schema import QUERY_FIELDS, LibrarySchema
from index.search.vocab import field_terms, within

DEFAULT_FIELDS = ("own", "quoted", "sig", "title")
# A post's own words count for more than words it quotes from someone else, and those for more
# than its signature (the same words under many posts).
FIELD_BOOSTS = {"own": 2.0, "title": 1.5, "quoted": 1.0, "sig": 0.5}
# Guards against queries that would run away: they are cut down and the Page says so.
MAX_QUERY_CHARS = 400
MAX_CLAUSES = 150  # leaves after parsing (each default-field word counts three times)
MAX_EXPANDING = 8  # wildcard and fuzzy terms, which walk the vocabulary
MAX_FUZZY_DISTANCE = 2
FUZZY_PREFIX = 1
TOO_BROAD = "query too broad: searched only its first words"
# What the wildcard and fuzzy words of one query may stand for, all together: each indexed
# word is a posting list to merge, so `*`, `a*` or `*e*` on a big library would take seconds.
MAX_EXPANSIONS = 100  # indexed words
MAX_POSTINGS = 20_000  # postings of those words
TOO_WIDE = "query too broad: a wildcard or fuzzy word matches too many words; add letters to it"
_PLAIN_WORDS = re.compile(r"[^\W_]+")
_FIELD_NAME = re.compile(r"\b\w+:")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


@lru_cache(maxsize=1)
def library_schema() -> LibrarySchema:
    return LibrarySchema()


@lru_cache(maxsize=1)
def _parsers():
    """(full query-language parser, plain-words parser); only user-facing fields are nameable."""
    schema = library_schema()
    visible = Schema(**{name: schema[name] for name in QUERY_FIELDS})
    full = MultifieldParser(DEFAULT_FIELDS, visible, fieldboosts=FIELD_BOOSTS, group=AndGroup)
    full.add_plugin(GtLtPlugin())
    full.add_plugin(FuzzyTermPlugin())
    plain = MultifieldParser(DEFAULT_FIELDS, visible, fieldboosts=FIELD_BOOSTS, group=AndGroup,
                             plugins=[WhitespacePlugin()])
    return full, plain


def _nodes(query):
    yield query
    for child in query.children():
        yield from _nodes(child)


def _broken(query) -> bool:
    """True when the parser left an error query (or nothing at all) somewhere in the tree."""
    return any(getattr(node, "error", None) or isinstance(node, Q.qcore._NullQuery) for node in _nodes(query))


def _too_costly(query) -> bool:
    leaves = list(query.leaves())
    expanding = 0
    for leaf in leaves:
        if isinstance(leaf, Q.FuzzyTerm):
            leaf.maxdist = min(leaf.maxdist, MAX_FUZZY_DISTANCE)
            # The first letter must match: otherwise every word of the library is compared.
            leaf.prefixlength = max(leaf.prefixlength, FUZZY_PREFIX)
            expanding += 1
        elif isinstance(leaf, (Q.Wildcard, Q.Prefix, Q.Regex)):
            expanding += 1
    return len(leaves) > MAX_CLAUSES or expanding > MAX_EXPANDING * len(DEFAULT_FIELDS)


class TooWide(Exception):
    pass


def _expanded(node, reader, cache: dict | None):
    """(field, word) pairs a wildcard or fuzzy node stands for; fuzzy ones from the cached word list."""
    if isinstance(node, Q.FuzzyTerm):
        terms = field_terms(reader, node.fieldname, cache)
        return ((node.fieldname, word) for word in within(terms, node.text, node.maxdist, node.prefixlength))
    return node.expanded_terms(reader)


def expand(query, reader, cache: dict | None = None):
    """The query with each wildcard and fuzzy word replaced, once, by the indexed words it stands for.

    Whoosh would otherwise expand them again for every matcher it builds (several per search,
    each costly for fuzzy words). The words' postings (at most MAX_POSTINGS) are read into one
    array (PreloadedOr): merging a tree of up to MAX_EXPANSIONS posting lists cost a second.
    `cache` (per searcher generation) keeps each field's word list. Raises TooWide past the caps.
    """
    spent = {"words": 0, "postings": 0}

    def visit(node):
        if isinstance(node, Q.Every):
            raise TooWide
        if not isinstance(node, (Q.Wildcard, Q.Prefix, Q.Regex, Q.FuzzyTerm)):
            return node
        words = []
        for field, raw in islice(_expanded(node, reader, cache), MAX_EXPANSIONS + 1):
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            words.append(Q.Term(field, text, boost=node.boost))
            spent["words"] += 1
            spent["postings"] += reader.doc_frequency(field, raw)
            if spent["words"] > MAX_EXPANSIONS or spent["postings"] > MAX_POSTINGS:
                raise TooWide
        if len(words) > 1:
            return PreloadedOr(words)
        return words[0] if words else Q.NullQuery

    return query.accept(visit)


def _and_not(query):
    """`a NOT b` as AndNot(a, b): Whoosh makes And([a, Not(b)]) of it, whose match walk lists
    every document of the library that lacks b and intersects that with a."""
    def visit(node):
        if isinstance(node, Q.And):
            negated = [sub.query for sub in node.subqueries if isinstance(sub, Q.Not)]
            kept = [sub for sub in node.subqueries if not isinstance(sub, Q.Not)]
            if negated and kept:
                positive = kept[0] if len(kept) == 1 else Q.And(kept, boost=node.boost)
                return Q.AndNot(positive, negated[0] if len(negated) == 1 else Q.Or(negated))
        return node

    return query.accept(visit)


def _across_seams(query):
    """A phrase searched in the default fields may also run across a seam between a quote and the
    reply (own:"…" and quoted:"…" stay in their field)."""
    def visit(node):
        if isinstance(node, Q.Or):
            phrases = {sub.fieldname: sub for sub in node.subqueries if isinstance(sub, Q.Phrase)}
            if "own" in phrases and "quoted" in phrases:
                own = phrases["own"]
                return Q.Or([*node.subqueries, Q.Phrase("seams", own.words, slop=own.slop)])
        return node

    return query.accept(visit)


def parse(text: str) -> tuple[object | None, str | None]:
    """(Whoosh query or None if there is nothing to search, notice for the user or None)."""
    full, plain = _parsers()
    notice = None
    if len(text) > MAX_QUERY_CHARS:
        text, notice = text[:MAX_QUERY_CHARS], TOO_BROAD
    try:
        parsed = full.parse(text)
        if not _broken(parsed):
            if not _too_costly(parsed):
                return _and_not(_across_seams(parsed)), notice
            notice = TOO_BROAD
    except Exception:  # whoosh raises assorted errors (even RecursionError) on odd input
        pass
    # Field names ("joined:") are syntax, not words the user is looking for.
    words = [w for w in _PLAIN_WORDS.findall(_FIELD_NAME.sub(" ", text)) if w not in _OPERATORS]
    words = words[: MAX_CLAUSES // len(DEFAULT_FIELDS)]
    if not words:
        return None, ("nothing to search for in that query" if text.strip() else None)
    try:
        fallback = plain.parse(" ".join(words))
    except Exception:
        return None, "could not understand the query"
    return fallback, notice or "could not parse the query; searched the plain words instead"


def matched_terms(query, reader) -> dict[str, frozenset[str]]:
    """Per field, the indexed terms the query matched (wildcards and fuzzy terms expanded).

    Walks the leaves itself: Query.existing_terms reuses its fieldname argument as a loop
    variable and so drops every field after the first one it meets.
    """
    found: dict[str, set[str]] = {}
    for leaf in query.leaves():
        try:
            pairs = leaf.expanded_terms(reader, phrases=True)
        except Exception:
            continue
        for field, raw in pairs:
            if field not in DEFAULT_FIELDS:
                continue
            if isinstance(raw, str):
                raw = raw.encode("utf-8")
            if (field, raw) not in reader:
                continue
            found.setdefault(field, set()).add(raw.decode("utf-8", "replace"))
    return {field: frozenset(words) for field, words in found.items()}


