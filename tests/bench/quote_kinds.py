"""How generated posts quote earlier ones: each kind of quote people write, with its true source.

A quote's `how` is its kind, then "+"-joined edits: fixed (the quoter fixed the source's typo),
typo (made one), rewrapped (new line breaks), leftover (a marker's remains: "> ", "Quote:", quotation
marks). Kinds: whole, paragraph, sentences, fragment, trimmed, ellipsis, short (a few words of a
recent post on a line of their own), requote (words another post quoted, credited to their first
writer; chained when that post re-quoted them too) and mixed (a post's quote and its reply pasted as
one block: two true quotes meeting at a seam).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.bench.generate import GenPost, Segment

MIN_QUOTE_WORDS = 8
SHORT_WORDS = 7
# Lines people open a reply with: common words, repeated everywhere, never a quote by themselves.
STOCK_LINES = ("I don't think so.", "I agree.", "Exactly.", "Not really.", "What do you mean?",
               "I don't know.", "Me too.", "Yes, that is true.", "Well, maybe.", "I think so too.")
KINDS = ("whole", "paragraph", "sentences", "fragment", "requote", "short", "trimmed", "ellipsis", "mixed")
KIND_WEIGHTS = (0.14, 0.2, 0.15, 0.06, 0.12, 0.11, 0.08, 0.07, 0.07)


def split_sentences(text: str) -> list[str]:
    """Sentences of generated text (they always end in . ? or ! followed by a space)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] in " \n"):
            out.append(text[start : i + 1].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def add_typo(rng: random.Random, text: str) -> str:
    """The text with one longer word misspelt: a doubled or a swapped letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j] + w[j:] if rng.random() < 0.5 else w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def rewrap(rng: random.Random, text: str) -> str:
    """The quote's lines broken anew at another width, as a quoter's editor does."""
    width = rng.randint(30, 70)
    out = []
    for paragraph in text.split("\n\n"):
        lines, line = [], ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out.append("\n".join(lines + [line]))
    return "\n\n".join(out)


def leftover(rng: random.Random, text: str) -> str:
    """What a lost quote marker leaves: "> " on each line, a "Quote:" line, or quotation marks."""
    style = rng.randrange(3)
    if style == 0:
        return "\n".join("> " + line if line else ">" for line in text.split("\n"))
    if style == 1:
        return "Quote:\n" + text
    return f'"{text}"'


class QuoteMaker:
    """Picks what a new post quotes from the posts before it."""

    def __init__(self, rng: random.Random, segment_type: type, meaningful) -> None:
        self.rng = rng
        self.Segment = segment_type
        self.meaningful = meaningful  # text -> True when it holds a word beyond the most common ones

    def pick_source(self, posts: list[GenPost], recent: int = 10) -> GenPost:
        rng = self.rng
        if rng.random() < 0.7:
            return posts[max(0, len(posts) - rng.randint(1, recent))]
        return posts[rng.randrange(len(posts))]

    def quotes(self, posts: list[GenPost]) -> list[Segment]:
        """One quote (two for a mixed one), or [] when the pick offers nothing to quote."""
        rng = self.rng
        how = rng.choices(KINDS, KIND_WEIGHTS)[0]
        if how == "short":
            return self.short(posts)
        source = self.pick_source(posts)
        if how == "requote" or how == "mixed":
            return self.from_quote(source, how)
        own = source.own
        if not own:
            return []
        fix = False
        if how == "whole":
            fix = rng.random() < 0.6
            text = "\n\n".join(s.clean if fix else s.text for s in own)
            if len(text.split()) > 150:
                how, text = "paragraph", rng.choice(own).text
        else:
            para = rng.choice(own)
            fix = para.text != para.clean and rng.random() < 0.6
            text = self.part_of(para.clean if fix else para.text, how)
            if text is None:
                return []
        if len(text.split()) < MIN_QUOTE_WORDS:
            return []
        how += "+fixed" if fix else ""
        quote = self.edited(text, source.index, how)
        if "+" not in quote.how and how != "whole":
            quote.after = self.next_words(source, text)
        return [quote]

    def next_words(self, source: GenPost, text: str) -> str:
        """The one to three words the source has right after the quoted text, if any."""
        for segment in source.own:
            at = segment.text.find(text)
            if at >= 0:
                rest = segment.text[at + len(text) :].split()
                return " ".join(rest[: self.rng.randint(1, 3)])
        return ""

    def edited(self, text: str, source: int, how: str) -> Segment:
        rng = self.rng
        if rng.random() < 0.08:
            text, how = add_typo(rng, text), how + "+typo"
        if rng.random() < 0.12:
            text, how = rewrap(rng, text), how + "+rewrapped"
        if rng.random() < 0.1:
            text, how = leftover(rng, text), how + "+leftover"
        return self.Segment("quote", text, source=source, how=how)

    def part_of(self, text: str, how: str) -> str | None:
        """Whole sentences, the first words of one, a trimmed run, or a run with a "..." cut."""
        rng = self.rng
        if how == "paragraph":
            return text
        sentences = split_sentences(text)
        words = text.split()
        if how == "sentences":
            if len(sentences) < 2:
                return None
            start = rng.randrange(len(sentences))
            return " ".join(sentences[start : min(len(sentences), start + rng.randint(1, 2))])
        if how == "fragment":
            long = [s for s in sentences if len(s.split()) >= 14]
            if not long:
                return None
            picked = rng.choice(long).split()
            return " ".join(picked[: rng.randint(MIN_QUOTE_WORDS + 2, len(picked) - 2)])
        if how == "trimmed":
            if len(words) < MIN_QUOTE_WORDS + 6:
                return None
            return " ".join(words[rng.randint(1, 3) : len(words) - rng.randint(1, 3)])
        if len(words) < 24:  # ellipsis
            return None
        cut = rng.randint(6, len(words) - 14)
        skip = rng.randint(3, min(30, len(words) - cut - 8))
        return " ".join(words[:cut]) + rng.choice((" ... ", "... ", " [...] ", "… ")) + " ".join(words[cut + skip :])

    def short(self, posts: list[GenPost]) -> list[Segment]:
        """A few words of a recent post, on a line of their own: one of its short sentences that says
        something (a word beyond the most common ones: "Uniforms create unity", not "I agree")."""
        rng = self.rng
        source = posts[max(0, len(posts) - rng.randint(1, 4))]
        shorts = [s for seg in source.own for s in split_sentences(seg.text)
                  if len(s.split()) <= SHORT_WORDS and self.meaningful(s)]
        if not shorts:
            return []
        text = rng.choice(shorts)
        if rng.random() < 0.4:
            text = text.rstrip(".?!")
        return [self.Segment("quote", text, source=source.index, how="short")]

    def from_quote(self, source: GenPost, how: str) -> list[Segment]:
        """Re-quoting words the source post quoted (credited to their first writer), or, for a
        mixed quote, a quote of the source's and the reply right after it, pasted as one block."""
        rng = self.rng
        segments = source.segments
        places = [i for i, s in enumerate(segments) if s.kind == "quote"
                  and (how == "requote" or (i + 1 < len(segments) and segments[i + 1].kind == "own"))]
        if not places:
            return []
        at = rng.choice(places)
        earlier = segments[at]
        base = earlier.how.split("+")[0]
        tag = "requote" + ("+chain" if base == "requote" else "")
        if how == "requote":
            return [self.Segment("quote", earlier.text, source=earlier.source, how=tag)]
        reply = segments[at + 1]
        if len(reply.text.split()) < MIN_QUOTE_WORDS:
            return []
        return [self.Segment("quote", earlier.text, source=earlier.source, how="mixed"),
                self.Segment("quote", reply.text, source=source.index, how="mixed")]
