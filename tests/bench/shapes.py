"""Corpus shapes: the seeded synthetic one, and one shaped like real debate-forum threads (real English word frequencies)."""

from __future__ import annotations

import math
import random
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from tests.bench.vocab import Vocabulary

# A real-text vocabulary: the most frequent English words, drawn by their measured frequencies.
WORDFREQ_WORDS = 30_000
_PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


class WordfreqVocabulary(Vocabulary):
    """The Vocabulary interface over English words with their real frequencies (the wordfreq package)."""

    def __init__(self, size: int = WORDFREQ_WORDS) -> None:  # Vocabulary's invented words are not made
        import wordfreq  # a bench-only dependency (the test extras)

        words = [w for w in wordfreq.top_n_list("en", size * 2) if _PLAIN_WORD.fullmatch(w)][:size]
        self.words: list[str] = words
        self.rank = {word: i for i, word in enumerate(words)}
        self.cum_weights = list(accumulate(wordfreq.word_frequency(w, "en") for w in words))


@dataclass(frozen=True)
class Shape:
    """What a corpus's threads look like; every method draws from rng the same way for a given shape."""

    name: str
    quote_share: float  # of posts after the first, the share that sets out to quote
    opening_mid: float  # chance that a post's first quote comes after words of its own
    shortest: int  # thread length bounds
    longest: int
    mu: float  # of the lognormal length (its median is e**mu)
    spread: float
    long_threads: float  # synthetic: the share of threads of hundreds or thousands of posts
    paragraphs: tuple[float, float] | None  # lognormal (mu, sigma) of extra paragraphs; None: 35% get one

    def thread_length(self, rng: random.Random) -> int:
        if self.long_threads and rng.random() < self.long_threads:
            return rng.randint(500, self.longest)
        length = int(rng.lognormvariate(self.mu, self.spread))
        return min(self.longest, max(self.shortest, length))

    def extra_paragraphs(self, rng: random.Random) -> int:
        if self.paragraphs is None:
            return 1 if rng.random() < 0.35 else 0
        return int(rng.lognormvariate(*self.paragraphs))

    def vocabulary(self, seed: int):
        return debate_vocabulary() if self.name == "debate" else Vocabulary(seed=seed)


@lru_cache(maxsize=1)
def debate_vocabulary() -> WordfreqVocabulary:
    return WordfreqVocabulary()


# Threads of 1 to 3,000 posts (median 4), a quote in a quarter of the posts.
SYNTHETIC = Shape("synthetic", quote_share=0.25, opening_mid=0.25, shortest=1, longest=3000,
                  mu=1.6, spread=1.0, long_threads=0.003, paragraphs=None)
# Like 300 real debate-forum threads: 5 to 570 posts (median 27), posts of ~1.1 KB with a long
# tail, quotes in ~70% of posts, nearly half of the quotes not at the post's start.
DEBATE = Shape("debate", quote_share=0.72, opening_mid=0.0, shortest=5, longest=570,
               mu=math.log(27), spread=1.2, long_threads=0.0, paragraphs=(0.6, 0.9))
SHAPES = {shape.name: shape for shape in (SYNTHETIC, DEBATE)}


class ShapeStats:
    """What a written corpus looks like, thread by thread, to compare with the shape it was meant to have."""

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.sizes: list[int] = []
        self.replies = self.quoting = self.quotes = self.quotes_inside = 0

    def add(self, thread) -> None:
        self.lengths.append(len(thread.posts))
        for post in thread.posts:
            self.sizes.append(sum(len(s.text.encode("utf-8")) + 2 for s in post.segments))
            if post.index:
                self.replies += 1
                self.quoting += bool(post.quotes)
            for i, segment in enumerate(post.segments):
                if segment.kind == "quote":
                    self.quotes += 1
                    self.quotes_inside += i > 0

    def result(self) -> dict:
        lengths, sizes = self.lengths, sorted(self.sizes)
        if not sizes:
            return {}
        return {
            "threads": len(lengths), "thread_posts_median": statistics.median(lengths),
            "thread_posts_min": min(lengths), "thread_posts_max": max(lengths),
            "post_bytes_mean": round(statistics.fmean(sizes), 1), "post_bytes_median": statistics.median(sizes),
            "post_bytes_p99": sizes[int(0.99 * (len(sizes) - 1))], "post_bytes_max": sizes[-1],
            "replies_quoting": round(self.quoting / max(1, self.replies), 3),
            "quotes_not_at_start": round(self.quotes_inside / max(1, self.quotes), 3),
        }
