"""Fast twins of the schema's text analyzers: the same terms, positions and postings, without Whoosh's token pipeline."""

from __future__ import annotations

import re
from pickle import dumps

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.acore import Composable
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Positions
from whoosh.system import pack_uint

from index.library.schema import PARTS, PartsFilter

_DOTTED = re.compile(r"\w\.\w")  # where the tokenizer makes a dotted word
_STEM_CACHE_LIMIT = 500_000  # words; the cache of their terms is dropped and restarted past this


def _encode_positions(poslist: list[int]) -> bytes:
    """Exactly whoosh.formats.Positions.encode: a count, then the pickled position deltas."""
    deltas = []
    base = 0
    for pos in poslist:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class FastText:
    """Analyzes text as a tokenize | lowercase [| stop] [| stem] chain does, and makes its postings."""

    def __init__(self, pattern: str, stops: frozenset[str] | None, minsize: int, maxsize: int | None,
                 stemmer, field_boost: float, parts: bool = False, terms: dict | None = None):
        expression = re.compile(pattern, re.UNICODE)
        if expression.groups and not re.search(r"\\\d|\(\?P=", pattern):
            # Make the groups non-capturing (no backreferences to break) so findall gives whole tokens.
            expression = re.compile(re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern), re.UNICODE)
        if expression.groups:  # findall would return the groups, not whole tokens
            finditer = expression.finditer
            self._findall = lambda text: [match.group() for match in finditer(text)]
        else:
            self._findall = expression.findall
        self._stops = stops
        self._minsize = minsize
        self._maxsize = maxsize
        self._stemmer = stemmer
        # word -> its term, b"" for a word the filters drop (shared by the fields of one analyzer)
        self._terms: dict[str, bytes] = {} if terms is None else terms
        self._boost = field_boost
        self._single: dict[int, bytes] = {}  # most words occur once in a post: their encoding by position
        self._parts = parts  # PartsFilter: dotted and underscored words also as their parts

    def _places(self, text: str) -> tuple[dict, int]:
        """(term (UTF-8) -> its place, or its places when more than one; how many terms), numbered as the
        analyzer numbers them (stop words renumber the rest)."""
        # Lowering ASCII text whole gives the same tokens as lowering each token, in one call.
        tokens = self._findall(text.lower()) if text.isascii() else [w.lower() for w in self._findall(text)]
        if self._parts and ("_" in text or _DOTTED.search(text)):  # else no token has parts
            tokens = _with_parts(tokens)
        terms = self._terms
        mapped = list(map(terms.get, tokens))
        if None in mapped:
            if len(terms) > _STEM_CACHE_LIMIT:
                terms.clear()
            for word in set(tokens).difference(terms):
                terms[word] = self._term(word)
            mapped = list(map(terms.__getitem__, tokens))
        if self._stops is None:
            kept, first = mapped, 0
        else:
            # StopFilter(renumber=True): the first kept word keeps its place, the rest follow on.
            first = 0 if mapped and mapped[0] else next((i for i, term in enumerate(mapped) if term), 0)
            kept = list(filter(None, mapped))
        # Most terms occur once in a text: their one place as an int, a list only for a second one.
        found: dict[bytes, int | list[int]] = {}
        get = found.get
        for pos, term in enumerate(kept, first):
            places = get(term)
            if places is None:
                found[term] = pos
            elif places.__class__ is int:
                found[term] = [places, pos]
            else:
                places.append(pos)
        return found, len(kept)

    def _term(self, word: str) -> bytes:
        """The word's term as the index holds it, or b"" when the filters drop it."""
        if self._stops is not None:
            if len(word) < self._minsize or word in self._stops or (
                    self._maxsize is not None and len(word) > self._maxsize):
                return b""
            if self._stemmer is not None:
                word = self._stemmer(word)
        return word.encode("utf-8")

    def postings(self, text: str) -> tuple[int, list[tuple[bytes, float, bytes]]]:
        """(field length, [(term bytes, weight, encoded positions)]) as Positions.word_values makes them."""
        single = self._single
        boost = self._boost
        once = 1 * boost
        items = []
        found, length = self._places(text)
        for term, places in found.items():
            if places.__class__ is int:
                value = single.get(places)
                if value is None:
                    value = single[places] = _encode_positions([places])
                items.append((term, once, value))
            else:
                items.append((term, len(places) * boost, _encode_positions(places)))
        return length, items


def _with_parts(tokens: list[str]) -> list[str]:
    out = []
    for word in tokens:
        out.append(word)
        if "." in word or "_" in word:
            parts = [part for part in PARTS.split(word) if part]
            if len(parts) > 1:
                out.extend(parts)
    return out


def fast_text(field) -> FastText | None:
    """A FastText equivalent to the field's analyzer and format, or None when it has no known twin."""
    if type(field.format) is not Positions or not field.scorable:
        return None
    analyzer = field.analyzer
    items = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    if not items or not all(isinstance(item, Composable) for item in items):
        return None
    tokenizer, *filters = items
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    shape = [type(f) for f in filters]
    if shape[:1] != [LowercaseFilter]:
        return None
    stops, minsize, maxsize, stemmer = None, 0, None, None
    rest = filters[1:]
    parts = bool(rest) and type(rest[0]) is PartsFilter
    if parts:
        rest.pop(0)
    if rest and type(rest[0]) is StopFilter:
        stop = rest.pop(0)
        if not stop.renumber:
            return None
        stops, minsize, maxsize = frozenset(stop.stops), stop.min, stop.max
    if rest and type(rest[0]) is StemFilter:
        stem = rest.pop(0)
        if stem.ignore or stem.lang:
            return None
        stemmer = stem.stemfn
    if rest:
        return None
    if stemmer is not None and stops is None:
        stops = frozenset()  # the stemming branch also handles the no-stop-list case
    key = (tokenizer.expression.pattern, stops, minsize, maxsize, stemmer, parts)
    terms = _SHARED_TERMS.setdefault(key, {})
    return FastText(tokenizer.expression.pattern, stops, minsize, maxsize, stemmer, field.format.field_boost, parts,
                    terms)


# Fields analyzed the same way (own, quoted, seams, sig, title) stem each word once between them.
_SHARED_TERMS: dict[tuple, dict[str, bytes]] = {}
