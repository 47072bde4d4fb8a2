"""Scores rebuilt quotes against the generator's truth: precision and recall of source attribution."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

WORD = re.compile(r"\w+")
# A quote found by the parser counts when this share of its words lies in a true quote of the
# same source; a true quote counts as found when this share of its words is covered.
OVERLAP = 0.6


def words(text: str) -> Counter:
    return Counter(WORD.findall(text.lower()))


def overlap(a: Counter, b: Counter) -> int:
    return sum((a & b).values())


@dataclass
class QuoteScore:
    """Running totals over many threads."""

    predicted: int = 0
    correct: int = 0  # predicted quotes whose words lie in a true quote with the same source
    truth: int = 0
    recalled: int = 0  # true quotes covered by predicted quotes with the right source
    detected: int = 0  # true quotes covered by predicted quotes of any source
    threads: int = 0
    threads_split_right: int = 0  # parsed into as many posts as were written
    by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # how -> [recalled, total]

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.truth if self.truth else 1.0

    @property
    def detection_recall(self) -> float:
        return self.detected / self.truth if self.truth else 1.0

    @property
    def split_accuracy(self) -> float:
        return self.threads_split_right / self.threads if self.threads else 1.0

    def add_thread(self, truth: dict, parsed_posts) -> None:
        """parsed_posts: the Post objects index.threads.parse returned for the thread truth describes."""
        self.threads += 1
        true_posts = truth["posts"]
        aligned = len(parsed_posts) == len(true_posts)
        self.threads_split_right += aligned
        for i, true_post in enumerate(true_posts):
            predicted = []
            if aligned:
                predicted = [(q.source, words(q.text)) for q in parsed_posts[i].quotes]
            self.add_post(true_post["quotes"], predicted)
        if not aligned:  # quotes found in a mis-split thread cannot be checked: all count as wrong
            self.predicted += sum(len(p.quotes) for p in parsed_posts)

    def add_post(self, true_quotes: list[dict], predicted: list[tuple[int | None, Counter]]) -> None:
        truths = [(t["source"], words(t["text"]), t.get("how", "")) for t in true_quotes]
        self.predicted += len(predicted)
        self.truth += len(truths)
        for source, counts in predicted:
            size = sum(counts.values()) or 1
            if any(s == source and overlap(counts, tw) >= OVERLAP * size for s, tw, _ in truths):
                self.correct += 1
        for source, true_words, how in truths:
            size = sum(true_words.values()) or 1
            same = sum(overlap(c, true_words) for s, c in predicted if s == source)
            anywhere = sum(overlap(c, true_words) for _, c in predicted)
            kind = self.by_kind[how.split("+")[0] + ("+edited" if "+" in how else "")]
            kind[1] += 1
            if same >= OVERLAP * size:
                self.recalled += 1
                kind[0] += 1
            if anywhere >= OVERLAP * size:
                self.detected += 1

    def recall_by_kind(self) -> dict[str, float]:
        return {k: round(r / n, 4) for k, (r, n) in sorted(self.by_kind.items()) if n}
