"""Search: the user's query (data, never trusted) to a Page of hits grouped by thread."""

from __future__ import annotations

import re
import time
from collections import Counter
from functools import lru_cache
from itertools import islice

from whoosh import query as Q
from whoosh import sorting
from whoosh.fields import Schema
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser, WhitespacePlugin
from whoosh.qparser.syntax import AndGroup

from index.model import Hit, Page, ThreadHits
from index.library.schema import QUERY_FIELDS, LibrarySchema
from index.library.serialize import post_from_json
from index.search.snippets import snippet
from index.search.suggest import Speller

DEFAULT_FIELDS = ("own", "quoted", "title")
# A post's own words count for more than words it quotes from someone else.
FIELD_BOOSTS = {"own": 2.0, "title": 1.5, "quoted": 1.0}
HITS_PER_THREAD = 3  # snippets per thread in a library-wide search
FEW_HITS = 3  # at most this many matching posts: offer did-you-mean
SORTS = ("relevance", "date", "post")
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
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


@lru_cache(maxsize=1)
def _schema() -> LibrarySchema:
    return LibrarySchema()


@lru_cache(maxsize=1)
def _parsers():
    """(full query-language parser, plain-words parser); only user-facing fields are nameable."""
    schema = _schema()
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


class _TooWide(Exception):
    pass


def _expand(query, reader):
    """The query with each wildcard and fuzzy word replaced, once, by the indexed words it stands for.

    Whoosh would otherwise expand them again for every matcher it builds (several per search,
    each costly for fuzzy words). Raises _TooWide past MAX_EXPANSIONS or MAX_POSTINGS.
    """
    spent = {"words": 0, "postings": 0}

    def visit(node):
        if isinstance(node, Q.Every):
            raise _TooWide
        if not isinstance(node, (Q.Wildcard, Q.Prefix, Q.Regex, Q.FuzzyTerm)):
            return node
        words = []
        for field, raw in islice(node.expanded_terms(reader), MAX_EXPANSIONS + 1):
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            words.append(Q.Term(field, text, boost=node.boost))
            spent["words"] += 1
            spent["postings"] += reader.doc_frequency(field, raw)
            if spent["words"] > MAX_EXPANSIONS or spent["postings"] > MAX_POSTINGS:
                raise _TooWide
        return Q.Or(words) if words else Q.NullQuery

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
                return parsed, notice
            notice = TOO_BROAD
    except Exception:  # whoosh raises assorted errors (even RecursionError) on odd input
        pass
    words = [w for w in _PLAIN_WORDS.findall(text) if w not in _OPERATORS][: MAX_CLAUSES // len(DEFAULT_FIELDS)]
    if not words:
        return None, ("nothing to search for in that query" if text.strip() else None)
    try:
        fallback = plain.parse(" ".join(words))
    except Exception:
        return None, "could not understand the query"
    return fallback, notice or "could not parse the query; searched the plain words instead"


def _terms(query, reader) -> dict[str, frozenset[str]]:
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


def _speller(catalog) -> Speller:
    if "speller" not in catalog.cache:
        catalog.cache["speller"] = Speller(catalog.vocabulary(), catalog.word_frequency)
    return catalog.cache["speller"]


def _thread_of(catalog) -> list:
    """Thread id of every document number, read once per searcher generation."""
    if "thread_of" not in catalog.cache:
        catalog.cache["thread_of"] = list(catalog.searcher.reader().column_reader("thread"))
    return catalog.cache["thread_of"]


def _not_posts(catalog) -> set[int]:
    """Document numbers of thread and vocabulary documents, which a search must never return."""
    if "not_posts" not in catalog.cache:
        searcher = catalog.searcher
        # A set (whoosh takes no frozenset as a mask); nothing changes it.
        catalog.cache["not_posts"] = set(searcher.docs_for_query(Q.Term("kind", "thread"))) | set(
            searcher.docs_for_query(Q.Term("kind", "words")))
    return catalog.cache["not_posts"]


def _matching_counts(catalog, query) -> Counter:
    """Matching posts per thread id, over every match (not only the scored top)."""
    thread_of = _thread_of(catalog)
    skip = _not_posts(catalog)
    return Counter(thread_of[docnum] for docnum in query.matcher(catalog.searcher).all_ids() if docnum not in skip)


def _sorted_by(sort: str):
    if sort == "date":
        return [sorting.FieldFacet("date", reverse=True), sorting.FieldFacet("thread"),
                sorting.FieldFacet("post")]
    if sort == "post":
        return [sorting.FieldFacet("thread"), sorting.FieldFacet("post")]
    return None


def run_search(catalog, text: str, *, page: int = 1, pagelen: int = 20, sort: str = "relevance",
               thread_id: str | None = None) -> Page:
    """Search posts; group them by thread; return the requested page. Never raises for user text."""
    started = time.perf_counter()
    text = text if isinstance(text, str) else ""
    page, pagelen = max(1, int(page)), max(1, int(pagelen))
    sort = sort if sort in SORTS else "relevance"
    empty = Page(query=text, results=(), total_threads=0, total_posts=0, page=page, pagelen=pagelen)
    if not text.strip():
        return empty
    parsed, notice = parse(text)
    if parsed is None:
        return Page(**{**empty.__dict__, "notice": notice})
    searcher = catalog.searcher
    try:
        parsed = _expand(parsed, searcher.reader())
    except _TooWide:
        return Page(**{**empty.__dict__, "notice": TOO_WIDE})
    except Exception as error:  # never raise into the UI for what the user typed
        return Page(**{**empty.__dict__, "notice": f"could not run that query ({type(error).__name__})"})
    # Not And(kind:post): intersecting with every post costs a walk over the whole library.
    combined = Q.And([parsed, Q.Term("thread", thread_id)]) if thread_id else parsed
    try:
        counts = _matching_counts(catalog, combined)
        total_posts = sum(counts.values())
        groups = _top_groups(catalog, combined, counts, page, pagelen, sort, limit_all=bool(thread_id))
    except Exception as error:  # e.g. a pathological wildcard; report it, never raise into the UI
        return Page(**{**empty.__dict__, "notice": f"could not run that query ({type(error).__name__})"})
    terms = _terms(combined, searcher.reader())
    analyzer = _schema()["own"].analyzer
    results = []
    for group_thread, docs in groups:
        summary = catalog.summary(group_thread)
        if summary is None:
            continue
        hits = []
        for docnum, score in docs[: None if thread_id else HITS_PER_THREAD]:
            fields = searcher.stored_fields(docnum)
            post = post_from_json(fields["data"])
            snip, spans, _ = snippet(analyzer, post.own_text, post.quoted_text,
                                     terms.get("own", frozenset()), terms.get("quoted", frozenset()))
            hits.append(Hit(thread_id=group_thread, post_index=post.index, score=score, snippet=snip,
                            highlights=spans, author=post.author.label, number=post.number))
        results.append(ThreadHits(thread=summary, hits=tuple(hits), score=docs[0][1], matched=counts[group_thread]))
    suggestion = None
    if total_posts <= FEW_HITS:
        # Only for a query of sensible length: each word costs a vocabulary scan.
        suggestion = _speller(catalog).suggest(text) if len(text) <= MAX_QUERY_CHARS else None
    matched = tuple(sorted({word for words in terms.values() for word in words}))
    return Page(query=text, results=tuple(results), total_threads=len(counts), total_posts=total_posts,
                page=page, pagelen=pagelen, suggestion=suggestion, notice=notice,
                elapsed=time.perf_counter() - started, matched_terms=matched)


def _top_groups(catalog, query, counts, page, pagelen, sort, *, limit_all: bool):
    """[(thread id, [(docnum, score), …] best first)] for the threads of the requested page."""
    wanted = page * pagelen
    total = sum(counts.values())
    limit = total if limit_all else min(total, max(wanted * 10, 200))
    while True:
        results = catalog.searcher.search(query, limit=max(limit, 1), sortedby=_sorted_by(sort),
                                          mask=_not_posts(catalog))
        column = _thread_of(catalog)
        order: dict[str, list[tuple[int, float]]] = {}
        for docnum, score in results.items():
            order.setdefault(column[docnum], []).append((docnum, score or 0.0))
        if len(order) >= wanted or limit >= total:
            break
        limit = min(total, limit * 4)
    chosen = list(order.items())[(page - 1) * pagelen: wanted]
    return chosen
