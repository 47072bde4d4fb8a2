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
    # kind or edit (every "+"-part of a true quote's how) -> [recalled, total, predicted, correct];
    # a predicted quote counts for the kinds of the true quote most of its words lie in ("none": no quote).
    by_kind: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))

    quoted_predicted: int = 0  # words inside predicted quotes
    quoted_truth: int = 0  # words inside true quotes
    quoted_right: int = 0  # words of predicted quotes that a true quote of the same source holds

    @property
    def word_precision(self) -> float:
        return self.quoted_right / self.quoted_predicted if self.quoted_predicted else 1.0

    @property
    def word_recall(self) -> float:
        return self.quoted_right / self.quoted_truth if self.quoted_truth else 1.0

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
            self.quoted_predicted += sum(sum(words(q.text).values()) for p in parsed_posts for q in p.quotes)

    def add_post(self, true_quotes: list[dict], predicted: list[tuple[int | None, Counter]]) -> None:
        truths = [(t["source"], words(t["text"]), t.get("how", "")) for t in true_quotes]
        self.predicted += len(predicted)
        self.truth += len(truths)
        by_source_pred: dict = defaultdict(Counter)
        by_source_true: dict = defaultdict(Counter)
        for source, counts in predicted:
            by_source_pred[source] += counts
        for source, counts, _ in truths:
            by_source_true[source] += counts
        self.quoted_predicted += sum(sum(c.values()) for c in by_source_pred.values())
        self.quoted_truth += sum(sum(c.values()) for c in by_source_true.values())
        self.quoted_right += sum(overlap(c, by_source_true[s]) for s, c in by_source_pred.items())
        for source, counts in predicted:
            size = sum(counts.values()) or 1
            right = any(s == source and overlap(counts, tw) >= OVERLAP * size for s, tw, _ in truths)
            self.correct += right
            nearest = max(truths, key=lambda t: overlap(counts, t[1]), default=None)
            how = nearest[2] if nearest and overlap(counts, nearest[1]) else "none"
            for kind in set(how.split("+")):
                self.by_kind[kind][2] += 1
                self.by_kind[kind][3] += right
        for source, true_words, how in truths:
            size = sum(true_words.values()) or 1
            same = sum(overlap(c, true_words) for s, c in predicted if s == source)
            anywhere = sum(overlap(c, true_words) for _, c in predicted)
            found = same >= OVERLAP * size
            self.recalled += found
            for kind in set(how.split("+")):
                self.by_kind[kind][0] += found
                self.by_kind[kind][1] += 1
            if anywhere >= OVERLAP * size:
                self.detected += 1

    def recall_by_kind(self) -> dict[str, float]:
        return {k: round(r / n, 4) for k, (r, n, _, _) in sorted(self.by_kind.items()) if n}

    def precision_by_kind(self) -> dict[str, float]:
        return {k: round(c / p, 4) for k, (_, _, p, c) in sorted(self.by_kind.items()) if p}
