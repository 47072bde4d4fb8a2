"""Which words to highlight in posts after a search: the matched terms, as a regex over words."""

from __future__ import annotations

import re

from index.model import Page

OPERATORS = {"and", "or", "not", "to"}
FIELD = re.compile(r"\b\w+:")
WORD = re.compile(r"\w+")


def query_words(query: str) -> list[str]:
    """The searchable words of a query: no field names, operators, ranges or fuzzy marks."""
    plain = FIELD.sub(" ", query)
    plain = re.sub(r"~\d*", " ", plain)
    return [w for w in WORD.findall(plain) if w.lower() not in OPERATORS and not w.isdigit()]


def hit_pattern(page: Page | None, query: str = "") -> re.Pattern[str] | None:
    """A case-insensitive pattern matching each hit word (stems match longer forms)."""
    terms = {t.lower() for t in (page.matched_terms if page and page.matched_terms else ())}
    terms |= {w.lower() for w in query_words(query or (page.query if page else ""))}
    terms = {t for t in terms if len(t) >= 2}
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
