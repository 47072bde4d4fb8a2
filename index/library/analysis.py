"""Fast twins of the schema's text analyzers: the same terms, positions and postings, without Whoosh's token pipeline."""

from __future__ import annotations

import re
from itertools import repeat
from pickle import dumps

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.acore import Composable
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Positions
from whoosh.system import pack_uint

from index.library.schema import PARTS, PartsFilter

# Patterns that find the same tokens sooner: after \w+ has taken every word character, (\.?\w+)
# can only go on through a dot, and the optional dot made the engine try both ways (2x slower).
_SOONER = {r"\w+(\.?\w+)*": r"\w+(?:\.\w+)*"}
_WORDS = r"\w+(\.?\w+)*"  # the token pattern of the schema's word fields
_DOT_WORD = re.compile(rb"\.\w")
# ASCII letters lowered, digits and "_" kept (\w in ASCII), everything else a space.
_ASCII_WORD_CHARS = bytes(
    ord(chr(c).lower()) if c < 128 and (chr(c).isalnum() or chr(c) == "_") else ord(" ") for c in range(256))
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
    """Analyzes text as a tokenize | lowercase [| parts | stop list-less stop] [| stem] chain does, and makes its postings."""

    def __init__(self, pattern: str, stemmer, field_boost: float, parts: bool = False, terms: dict | None = None):
        expression = re.compile(_SOONER.get(pattern, pattern), re.UNICODE)
        if expression.groups and not re.search(r"\\\d|\(\?P=", pattern):
            # Make the groups non-capturing (no backreferences to break) so findall gives whole tokens.
            expression = re.compile(re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern), re.UNICODE)
        if expression.groups:  # findall would return the groups, not whole tokens
            finditer = expression.finditer
            self._findall = lambda text: [match.group() for match in finditer(text)]
        else:
            self._findall = expression.findall
        self._stemmer = stemmer
        # word -> its term (shared by the fields of one analyzer)
        self._terms: dict[str, bytes] = {} if terms is None else terms
        self._boost = field_boost
        self._single: list[bytes] = []  # most words occur once in a text: their encoding, by position
        self._parts = parts  # PartsFilter: dotted and underscored words also as their parts
        self._split_ascii = pattern == _WORDS  # the tokens of ASCII text without dotted words: split() finds them

    def postings(self, text: str) -> tuple[int, list[tuple[bytes, float, bytes]]]:
        """(field length, [(term bytes, weight, encoded positions)]) as Positions.word_values makes them,
        terms in the order they first occur."""
        tokens = self._tokens(text)
        if self._parts:
            joined = "".join(tokens)  # two scans in C, sooner than a regex or a loop over the tokens
            if "." in joined or "_" in joined:  # else no token has parts
                tokens = _with_parts(tokens)
        terms = self._terms
        mapped = list(map(terms.get, tokens))
        if None in mapped:
            if len(terms) > _STEM_CACHE_LIMIT:
                terms.clear()
            for word in set(tokens).difference(terms):
                terms[word] = self._term(word)
            mapped = list(map(terms.__getitem__, tokens))
        # Nothing is dropped (fast_text has no twin for a stop list): a term's places are the indexes
        # of its tokens, and the StopFilter's renumbering needs no pass of its own.
        length = len(mapped)
        single = self._single
        if len(single) < length:
            single.extend(_encode_positions([pos]) for pos in range(len(single), length))
        once = self._boost
        if len(set(mapped)) == length:  # every term once (most short texts): made whole in C
            return length, list(zip(mapped, repeat(once), single))
        found: dict[bytes, int | list[int]] = {}
        get = found.get
        for pos, term in enumerate(mapped):
            places = get(term)
            if places is None:
                found[term] = pos
            elif places.__class__ is int:
                found[term] = [places, pos]
            else:
                places.append(pos)
        items = []
        for term, places in found.items():
            if places.__class__ is int:
                items.append((term, once, single[places]))
            else:
                items.append((term, len(places) * once, _encode_positions(places)))
        return length, items

    def _tokens(self, text: str) -> list[str]:
        """The text's tokens, lowered."""
        if text.isascii():
            if self._split_ascii:
                data = text.encode("ascii")
                # \w+(\.?\w+)* finds the runs of word characters, but for a dot between two: where no dot
                # comes before a word character (a search for a dot: fast), and no part has to be split
                # off at an underscore, the runs are what split() finds with the rest made spaces.
                if _DOT_WORD.search(data) is None and not (self._parts and b"_" in data):
                    return data.translate(_ASCII_WORD_CHARS).decode("ascii").split()
            # Lowering ASCII text whole gives the same tokens as lowering each token, in one call.
            return self._findall(text.lower())
        return [w.lower() for w in self._findall(text)]

    def _term(self, word: str) -> bytes:
        """The word's term as the index holds it."""
        if self._stemmer is not None:
            word = self._stemmer(word)
        return word.encode("utf-8")


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
    stemmer = None
    rest = filters[1:]
    parts = bool(rest) and type(rest[0]) is PartsFilter
    if parts:
        rest.pop(0)
    renumbered = False
    if rest and type(rest[0]) is StopFilter:
        stop = rest.pop(0)
        # Only a stop filter that drops nothing (the library keeps stop words, for phrases): then
        # its renumbering just numbers a word's parts after the word, as the token order does.
        if not stop.renumber or stop.stops or stop.min > 1 or stop.max is not None:
            return None
        renumbered = True
    if parts and not renumbered:
        return None  # the parts would share their word's place
    if rest and type(rest[0]) is StemFilter:
        stem = rest.pop(0)
        if stem.ignore or stem.lang:
            return None
        stemmer = stem.stemfn
    if rest:
        return None
    terms = _SHARED_TERMS.setdefault((tokenizer.expression.pattern, stemmer, parts), {})
    return FastText(tokenizer.expression.pattern, stemmer, field.format.field_boost, parts, terms)


# Fields analyzed the same way (own, quoted, seams, sig, title) stem each word once between them.
_SHARED_TERMS: dict[tuple, dict[str, bytes]] = {}
