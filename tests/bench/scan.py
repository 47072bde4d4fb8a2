"""The other baseline: no index at all, each query a pass over the raw transcript files (like grep)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"\w+")


def _texts(directory: Path):
    for path in sorted(p for p in Path(directory).rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm")):
        yield path, path.read_text("utf-8", errors="replace")


def _word(w: str) -> re.Pattern:
    return re.compile(rf"\b{re.escape(w)}\b", re.IGNORECASE)


def _boolean(query: str):
    """'a OR b', 'a NOT b', '(a OR b) c' as a test on a file's text."""
    tokens = query.replace("(", " ").replace(")", " ").split()
    if "NOT" in tokens:
        yes, no = _word(tokens[0]), _word(tokens[2])
        return lambda text: bool(yes.search(text)) and not no.search(text)
    if query.startswith("("):
        either = re.compile(rf"\b({re.escape(tokens[0])}|{re.escape(tokens[2])})\b", re.IGNORECASE)
        also = _word(tokens[3])
        return lambda text: bool(either.search(text)) and bool(also.search(text))
    either = re.compile(rf"\b({re.escape(tokens[0])}|{re.escape(tokens[2])})\b", re.IGNORECASE)
    return lambda text: bool(either.search(text))


def matcher(kind: str, query: str):
    """A function text -> bool that answers the query for one file."""
    if kind == "term":
        pattern = _word(query)
    elif kind == "phrase":
        words = query.strip('"').split()
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    elif kind == "field":  # the nearest a scan gets to a field: the name alone on a header line
        pattern = re.compile(rf"^{re.escape(query.partition(':')[2])}$", re.MULTILINE)
    elif kind == "wildcard":
        pattern = re.compile(rf"\b{re.escape(query.rstrip('*'))}\w*", re.IGNORECASE)
    elif kind == "boolean":
        return _boolean(query)
    elif kind == "fuzzy":
        word = query.rstrip("~").lower()
        return lambda text: bool(process.extractOne(word, set(WORD.findall(text.lower())),
                                                    scorer=Levenshtein.distance, score_cutoff=1))
    else:
        raise ValueError(kind)
    return lambda text: bool(pattern.search(text))


def search(directory: Path, kind: str, query: str) -> list[str]:
    """Files that match; for did-you-mean, the nearest frequent word of all files instead."""
    if kind == "didyoumean":
        counts: Counter = Counter()
        for _, text in _texts(directory):
            counts.update(WORD.findall(text.lower()))
        found = process.extract(query.lower(), list(counts), scorer=Levenshtein.distance, score_cutoff=2, limit=50)
        found.sort(key=lambda m: (m[1], -counts[m[0]]))
        return [m[0] for m in found[:1]]
    test = matcher(kind, query)
    return [str(path) for path, text in _texts(directory) if test(text)]
