"""Running a search: the query over the library, matches counted and grouped by thread, a Page out."""

from __future__ import annotations

import time
from collections import Counter

from whoosh import query as Q
from whoosh import sorting

from index.library.serialize import post_from_json
from index.model import Hit, Page, ThreadHits
from index.search.query import (
    MAX_QUERY_CHARS,
    TOO_WIDE,
    TooWide,
    expand,
    library_schema,
    matched_terms,
    parse,
)
from index.search.snippets import snippet
from index.search.suggest import Speller

HITS_PER_THREAD = 3  # snippets per thread in a library-wide search
FEW_HITS = 3  # at most this many matching posts: offer did-you-mean
SORTS = ("relevance", "date", "post")


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
        parsed = expand(parsed, searcher.reader())
    except TooWide:
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
    terms = matched_terms(combined, searcher.reader())
    analyzer = library_schema()["own"].analyzer
    results = []
    for group_thread, docs in groups:
        summary = catalog.summary(group_thread)
        if summary is None:
            continue
        hits = []
        for docnum, score in docs[: None if thread_id else HITS_PER_THREAD]:
            fields = searcher.stored_fields(docnum)
            post = post_from_json(fields["data"])
            snip, spans, _ = snippet(analyzer, [(post.own_text, terms.get("own", frozenset())),
                                                (post.quoted_text, terms.get("quoted", frozenset())),
                                                (post.signature or "", terms.get("sig", frozenset()))])
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
