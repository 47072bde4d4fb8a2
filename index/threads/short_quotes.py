"""Short quotes: a reply's line of a few words that repeats a line, sentence or clause of a recent post."""

from __future__ import annotations

import re
from collections import deque

from index.threads.words import Vocabulary, few_words, normalise, phrase

SHORT = 7  # longest short quote in words; longer ones are found by the shingle index
RECENT = 30  # posts back that a short quote may come from
QUOTED = 4096  # short quotes remembered, whatever their age, for re-quotes of them
STOCK = 3  # a piece written by this many recent posts is a stock phrase of the thread
_CLAUSE_MARKS = ".!?;:,"  # in words one space apart, a clause ends at one of these and a space
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[^\S\n]+")


class RecentPieces:
    """The short lines, sentences and clauses of the last RECENT posts' own words."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.posts: dict[str, list[int]] = {}  # phrase -> the recent posts that wrote it
        self.quoted: dict[str, int] = {}  # phrase a recent post quoted -> the post that first wrote it
        self.window: deque[tuple[int, list[str], list[str]]] = deque()

    def add(self, post: int, own_texts: list[str], quotes: list[tuple[str, int]] = ()) -> None:
        """Remembers a post's short pieces, and the short quotes it made (text, first writer): a
        later post quoting those words again is crediting their first writer."""
        quoted: list[str] = []  # a quoted phrase is remembered longer than the window: QUOTED of them
        for text, source in quotes:
            if few_words(text, SHORT + 2) and (key := phrase(text)):
                self.quoted.setdefault(key, source)
                while len(self.quoted) > QUOTED:
                    del self.quoted[next(iter(self.quoted))]
        pieces: list[str] = []
        for text in own_texts:
            pieces += [line for line in text.split("\n") if few_words(line, SHORT)]
            # Sentences and clauses run on over the hard line breaks of a wrapped paragraph: each
            # paragraph made one line of words one space apart, then cut after each clause's mark.
            flat = "\n".join(" ".join(paragraph.split()) for paragraph in _PARAGRAPH.split(text))
            for mark in _CLAUSE_MARKS:
                flat = flat.replace(mark + " ", mark + "\n")
            pieces += [p for p in flat.split("\n") if p.count(" ") < SHORT]
        # phrase() of every piece at once: no piece holds a line break, and normalise keeps them; the
        # white space in and around each made one space, then none at the ends of a line.
        spaced = _SPACES.sub(" ", normalise("\n".join(pieces))) if pieces else ""
        keys = set(spaced.replace(" \n", "\n").replace("\n ", "\n").strip(" ").split("\n"))
        keys.discard("")
        for key in keys:
            self.posts.setdefault(key, []).append(post)
        self.window.append((post, list(keys), quoted))
        while len(self.window) > RECENT:
            old, old_keys, _ = self.window.popleft()
            for key in old_keys:
                holders = self.posts[key]
                holders.remove(old)
                if not holders:
                    del self.posts[key]

    def source(self, ids: list[int], post: int) -> tuple[int, float] | None:
        """The recent post a short line quotes and how sure that is, or None for a line that is
        no evidence of a quote: a stock phrase, only common words, or one word that is not rare."""
        key = " ".join(self.vocabulary.words[i] for i in ids)
        holders = self.posts.get(key)
        requoted = self.quoted.get(key)
        if requoted is not None and len(holders or ()) < STOCK:
            holders = [requoted]
        if not holders or len(holders) >= STOCK or not 0 < len(ids) <= SHORT:
            return None
        vocabulary = self.vocabulary
        words = [vocabulary.words[i] for i in ids]
        content = [i for i, w in zip(ids, words) if i not in vocabulary.common and not w.isdigit()]
        if not content:
            return None
        # How many earlier posts hold the rarest content word, and what share of the thread that is.
        rare = min(vocabulary.posts_with[i] for i in content)
        rarest = rare / max(1, post)
        if len(ids) == 1 and (len(words[0]) < 4 or rare > 2):
            return None
        if len(ids) == 2 and rare > max(2, post // 4):
            return None
        source = holders[0]
        confidence = 0.6 + 0.04 * len(ids) + 0.1 * (post - source <= 3) + 0.1 * (rarest <= 0.2)
        return source, round(min(confidence, 0.95), 3)
