"""What the user typed, as a Whoosh query: the query language, plain-word fallback, cost guards, expansion (narrowed past caps)."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache
from itertools import islice

from whoosh import fields
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
from index.search.vocab import field_terms, frequencies, matching, within

DEFAULT_FIELDS = ("own", "quoted", "sig", "title")
# A post's own words count for more than words it quotes from someone else, and those for more
# than its signature (the same words under many posts).
FIELD_BOOSTS = {"own": 2.0, "title": 1.5, "quoted": 1.0, "sig": 0.5}
# Guards against queries that would run away: they are cut down and the Page says so.
MAX_QUERY_CHARS = 400
MAX_CLAUSES = 150  # leaves after parsing (each default-field word counts three times)
MAX_EXPANDING = 8  # wildcard and fuzzy terms, which walk the vocabulary
MAX_FUZZY_DISTANCE = 2
FUZZY_PREFIX = 0  # letters a fuzzy word's matches must start with, unless the user wrote ~N/M
TOO_BROAD = "query too broad: searched only its first words"
# What the wildcard and fuzzy words of one query may stand for, all together: each indexed word
# is a posting list to read in every segment, so `a*` or `*e*` on a big library would take
# seconds. Past these caps a word is narrowed to the words a reader most likely means.
MAX_EXPANSIONS = 40  # indexed words
MAX_POSTINGS = 50_000  # postings of those words
TOO_WIDE = "query too broad: `*` alone stands for every word; add letters to it"
_PLAIN_WORDS = re.compile(r"[^\W_]+")
_FIELD_NAME = re.compile(r"\b\w+:")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}
# An operator with nothing to join on one side is a slip, not a word to look for ("cats AND").
_LEADING_OPERATORS = re.compile(r"^(?:\s*\b(?:AND|OR|ANDNOT|ANDMAYBE)\b)+")
_TRAILING_OPERATORS = re.compile(r"(?:\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b\s*)+$")
# A field name with nothing after it ("title:", "title:(") would otherwise be searched as a word.
_DANGLING_FIELD = re.compile(r"(?:^|(?<=\s))(\w+):[\s(\"']*$")


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
            # Every word of a field is compared (in C, from the cached word list: a few ms at 100k posts).
            leaf.prefixlength = max(leaf.prefixlength, FUZZY_PREFIX)
            expanding += 1
        elif isinstance(leaf, (Q.Wildcard, Q.Prefix, Q.Regex)):
            expanding += 1
    return len(leaves) > MAX_CLAUSES or expanding > MAX_EXPANDING * len(DEFAULT_FIELDS)


class TooWide(Exception):
    pass


_EXPANDING = (Q.Wildcard, Q.Prefix, Q.Regex, Q.FuzzyTerm)
_TEXT_FIELDS = (fields.TEXT, fields.ID, fields.KEYWORD)


def _key(node) -> tuple:
    return (type(node).__name__, node.text, getattr(node, "maxdist", 0), getattr(node, "prefixlength", 0))


def _shown(node) -> str:
    """The word as the user wrote it."""
    if isinstance(node, Q.FuzzyTerm):
        return f"{node.text}~" + ("" if node.maxdist == 1 else str(node.maxdist))
    return f"{node.text}*" if isinstance(node, Q.Prefix) else node.text


def _candidates(node, reader, cache: dict | None) -> tuple[list[str], str]:
    """(the indexed words of the node's field it stands for, sorted; a prefix they all share)."""
    if not isinstance(reader.schema[node.fieldname], _TEXT_FIELDS):  # a date or number: Whoosh's own walk
        words = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
                 for _, raw in node.expanded_terms(reader))
        return sorted(islice(words, MAX_EXPANSIONS)), ""
    terms = field_terms(reader, node.fieldname, cache)
    if isinstance(node, Q.FuzzyTerm):
        return within(terms, node.text, node.maxdist, node.prefixlength), node.text[:node.prefixlength]
    if isinstance(node, Q.Prefix):
        return matching(terms, node.text, None), node.text
    if isinstance(node, Q.Wildcard):
        literal = re.split(r"[*?\[]", node.text, maxsplit=1)[0]
        return matching(terms, literal, fnmatch.translate(node.text)), literal
    return matching(terms, "", node.text), ""


def _narrowed(group: list, reader, cache: dict | None, words_cap: int, postings_cap: int, lookups=None):
    """({field: words kept}, notice or None) for one wildcard or fuzzy word (a node per field).

    Kept: for a wildcard, the words most documents hold; for a fuzzy word, the nearest ones
    (then the commonest), as far as the caps allow (always at least one)."""
    per_field, totals = {}, {}
    for node in group:
        words, literal = _candidates(node, reader, cache)
        per_field[node.fieldname] = words
        for word, count in frequencies(reader, node.fieldname, words, literal, cache, lookups).items():
            totals[word] = totals.get(word, 0) + count
    fuzzy = isinstance(group[0], Q.FuzzyTerm)
    if fuzzy:
        from rapidfuzz.distance import OSA  # here: a plain search never loads rapidfuzz (~7 ms)

        rank = lambda word: (OSA.distance(group[0].text, word), -totals[word], word)  # noqa: E731
    else:
        rank = lambda word: (-totals[word], word)  # noqa: E731
    kept, spent = [], 0
    for word in sorted(totals, key=rank):
        if len(kept) >= words_cap or (kept and spent + totals[word] > postings_cap):
            break
        kept.append(word)
        spent += totals[word]
    notice = None
    if len(kept) < len(totals):
        notice = (f"{_shown(group[0])} stands for {len(totals):,} words; searched the {len(kept):,} "
                  + ("nearest" if fuzzy else "most common"))
    keep = set(kept)
    return {field: [word for word in words if word in keep] for field, words in per_field.items()}, notice


def expand(query, reader, cache: dict | None = None, lookups=None) -> tuple[object, tuple[str, ...]]:
    """(the query with each wildcard and fuzzy word replaced, once, by the indexed words it stands
    for; a notice for each word narrowed to fit the caps).

    Whoosh would otherwise expand them again for every matcher it builds (several per search,
    each costly for fuzzy words). `cache` (per searcher generation) keeps each field's word list.
    The caps are shared by the query's wildcard and fuzzy words; `lookups` (postings.Lookups)
    keeps the term infos read on the way. Raises TooWide only for a word standing for every word (`*`).
    """
    groups: dict[tuple, list] = {}
    for node in _nodes(query):
        if isinstance(node, Q.Every) or (isinstance(node, Q.Prefix) and not node.text):
            raise TooWide
        if isinstance(node, _EXPANDING):
            groups.setdefault(_key(node), []).append(node)
    if not groups:
        return query, ()
    chosen, notices = {}, []
    for key, group in groups.items():
        words, notice = _narrowed(group, reader, cache, max(1, MAX_EXPANSIONS // len(groups)),
                                  MAX_POSTINGS // len(groups), lookups)
        chosen.update({(key, field): kept for field, kept in words.items()})
        notices += [notice] if notice else []

    def visit(node):
        if not isinstance(node, _EXPANDING):
            return node
        words = [Q.Term(node.fieldname, word, boost=node.boost) for word in chosen[_key(node), node.fieldname]]
        if len(words) > 1:
            return PreloadedOr(words)
        return words[0] if words else Q.NullQuery

    return query.accept(visit), tuple(notices)


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
    typed, text = text, _TRAILING_OPERATORS.sub("", _LEADING_OPERATORS.sub("", text.strip())).strip()
    dangling = _DANGLING_FIELD.search(text)
    if dangling and dangling.group(1) in QUERY_FIELDS:
        text = text[:dangling.start()].strip()
        notice = f"{dangling.group(1)}: needs a word after it, e.g. {dangling.group(1)}:word"
        if not text:
            return None, notice
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
        return None, ("nothing to search for in that query" if typed.strip() else None)
    try:
        fallback = plain.parse(" ".join(words))
    except Exception:
        return None, "could not understand the query"
    return fallback, notice or "could not parse the query; searched the plain words instead"


def matched_terms(query, reader, anywhere=None) -> dict[str, frozenset[str]]:
    """Per field, the indexed terms the query matched (wildcards and fuzzy terms expanded);
    `anywhere(field, bytes)` says whether the library holds a term (else the reader is asked).

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
            if not (anywhere(field, raw) if anywhere is not None else (field, raw) in reader):
                continue
            found.setdefault(field, set()).add(raw.decode("utf-8", "replace"))
    return {field: frozenset(words) for field, words in found.items()}


