"""Synthetic forum threads: authors, paragraphs with typos, and quotes of earlier posts with their true source."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.bench.vocab import PLACES, RANKS, Vocabulary, join_month, person_name, zipf_index

DIALECTS = ("historum", "xenforo", "moviechat")
DIALECT_WEIGHTS = (0.4, 0.35, 0.25)
MIN_QUOTE_WORDS = 8


@dataclass(frozen=True)
class User:
    """One forum member; the same header fields and signature wherever they post."""

    key: str
    name: str | None
    rank: str | None
    joined: str
    post_count: int
    location: str | None
    signature: str | None


@dataclass
class Segment:
    """A run of a post's body: the author's own paragraph, a quote, or a citation of a book."""

    kind: str  # "own" | "quote" | "cite"
    text: str  # as it appears in the transcript
    clean: str = ""  # own: the same words without the author's typos
    source: int | None = None  # quote: the post where these words were first written
    how: str = ""  # quote: whole, paragraph, sentences, fragment or requote, with +fixed/+typo


@dataclass
class GenPost:
    index: int
    user: User
    segments: list[Segment]
    edited: bool = False
    likes: tuple[str, ...] = ()

    @property
    def own(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "own"]

    @property
    def quotes(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "quote"]


@dataclass
class GenThread:
    dialect: str
    title: str
    forum: str | None
    posts: list[GenPost] = field(default_factory=list)
    film: str = ""


def make_users(seed: int, count: int) -> list[User]:
    """A pool of members with distinct header fields (anonymous members are told apart by them)."""
    rng = random.Random(f"users:{seed}")
    users: list[User] = []
    seen_names: set[str] = set()
    seen_fields: set[tuple] = set()
    while len(users) < count:
        named = rng.random() < 0.55
        name = person_name(rng) if named else None
        if name in seen_names:
            continue
        joined = join_month(rng)
        post_count = max(1, int(rng.lognormvariate(6.0, 1.6)))
        location = rng.choice(PLACES) if (not named or rng.random() < 0.7) else None
        if (joined, post_count, location) in seen_fields:
            continue
        seen_fields.add((joined, post_count, location))
        if name:
            seen_names.add(name)
        signature = None
        if rng.random() < 0.25:
            words = [pseudo for pseudo in _sentence_words(rng, rng.randint(4, 9))]
            signature = " ".join(words).capitalize() + rng.choice(("?", ".", "!", ""))
        users.append(User(f"u{len(users)}", name, rng.choice(RANKS) if named else None,
                          joined, post_count, location, signature))
    return users


_SIGNATURE_WORDS = "time goes where knows who cats dogs never forget peace light road home old".split()


def _sentence_words(rng: random.Random, k: int) -> list[str]:
    return [rng.choice(_SIGNATURE_WORDS) for _ in range(k)]


class ThreadWriter:
    """Writes one thread's posts; deterministic for a given random.Random."""

    def __init__(self, rng: random.Random, vocab: Vocabulary, users: list[User], user_cum: list[float]):
        self.rng = rng
        self.vocab = vocab
        self.users = users
        self.user_cum = user_cum

    # -- words ---------------------------------------------------------------------------------
    def sentence(self) -> tuple[str, str]:
        """(shown, clean): the shown one may carry a typo."""
        rng = self.rng
        words = self.vocab.sample(rng, rng.randint(6, 24))
        if len(words) > 9 and rng.random() < 0.35:
            cut = rng.randint(3, len(words) - 4)
            words[cut] += ","
        words[0] = words[0].capitalize()
        clean = " ".join(words) + rng.choices((".", "?", "!"), (0.85, 0.12, 0.03))[0]
        shown = clean
        if rng.random() < 0.04:
            shown = add_typo(rng, clean)
        return shown, clean

    def paragraph(self, sentences: int | None = None) -> Segment:
        n = sentences or self.rng.choice((1, 2, 2, 3, 3, 4, 5))
        pairs = [self.sentence() for _ in range(n)]
        return Segment("own", " ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs))

    def title(self) -> str:
        words = self.vocab.sample(self.rng, self.rng.randint(4, 10))
        words[0] = words[0].capitalize()
        return " ".join(words) + ("?" if self.rng.random() < 0.3 else "")

    # -- quotes --------------------------------------------------------------------------------
    def pick_source(self, posts: list[GenPost]) -> GenPost:
        rng = self.rng
        if rng.random() < 0.7:
            return posts[max(0, len(posts) - rng.randint(1, 10))]
        return posts[rng.randrange(len(posts))]

    def quote(self, posts: list[GenPost]) -> Segment | None:
        """A quote of an earlier post, or None when the chosen post offers nothing long enough."""
        rng = self.rng
        source = self.pick_source(posts)
        how = rng.choices(("whole", "paragraph", "sentences", "fragment", "requote"),
                          (0.2, 0.3, 0.25, 0.1, 0.15))[0]
        if how == "requote" and source.quotes:
            earlier = rng.choice(source.quotes)
            return Segment("quote", earlier.text, source=earlier.source, how="requote")
        own = source.own
        if how == "whole" or how == "requote":
            how = "whole"
            fix = rng.random() < 0.6
            text = "\n\n".join(s.clean if fix else s.text for s in own)
            if len(text.split()) > 150:
                how, text = "paragraph", rng.choice(own).text
        else:
            para = rng.choice(own)
            fix = para.text != para.clean and rng.random() < 0.6
            text = para.clean if fix else para.text
            if how in ("sentences", "fragment"):
                text = self.part_of(text, how)
                if text is None:
                    return None
            if fix:
                how += "+fixed"
        if len(text.split()) < MIN_QUOTE_WORDS:
            return None
        if rng.random() < 0.08:
            text, how = add_typo(rng, text), how + "+typo"
        return Segment("quote", text, source=source.index, how=how)

    def part_of(self, text: str, how: str) -> str | None:
        """A run of whole sentences, or the first words of one sentence, from a paragraph."""
        rng = self.rng
        sentences = split_sentences(text)
        if how == "sentences":
            if len(sentences) < 2:
                return None
            start = rng.randrange(len(sentences))
            end = min(len(sentences), start + rng.randint(1, 2))
            return " ".join(sentences[start:end])
        long = [s for s in sentences if len(s.split()) >= 14]
        if not long:
            return None
        words = rng.choice(long).split()
        return " ".join(words[: rng.randint(MIN_QUOTE_WORDS + 2, len(words) - 2)])

    # -- posts ---------------------------------------------------------------------------------
    def post(self, index: int, user: User, posts: list[GenPost], quotes: int) -> GenPost:
        rng = self.rng
        segments: list[Segment] = []
        for _ in range(quotes):
            quote = None
            for _attempt in range(10 if posts else 0):  # some picks are too short to quote
                quote = self.quote(posts)
                if quote is not None:
                    break
            if quote is None:
                continue
            back_to_back = segments and segments[-1].source != quote.source and rng.random() < 0.2
            if (segments and not back_to_back) or (not segments and rng.random() < 0.25):
                segments.append(self.paragraph())  # a quote in the middle of the post
            segments.append(quote)
        segments.append(self.paragraph())
        if rng.random() < 0.35:
            segments.append(self.paragraph())
        if rng.random() < 0.02:  # a citation of a book in quotation marks is not a quote
            pair = self.sentence()
            segments.insert(len(segments) - 1, Segment("cite", f'"{pair[0]}"'))
        return GenPost(index, user, segments)

    def participants(self, n_posts: int) -> list[User]:
        rng = self.rng
        k = max(1, min(n_posts, 1 + int(rng.lognormvariate(1.2, 0.9))))
        chosen: dict[str, User] = {}
        while len(chosen) < k:
            user = self.users[zipf_index(rng, len(self.users), self.user_cum)]
            chosen[user.key] = user
        return list(chosen.values())

    def thread(self, dialect: str, n_posts: int, quote_posts: set[int] | None = None) -> GenThread:
        """A thread of n_posts; quote_posts, if given, are exactly the posts that quote once."""
        rng = self.rng
        title = self.title()
        film = ""
        forum = None
        if dialect == "moviechat":
            film = f"{self.vocab.sample(rng, 1)[0].capitalize()} ({rng.randint(1950, 2023)})"
            forum = f"MovieChat Forums > {film} Discussion"
        thread = GenThread(dialect, title, forum, film=film)
        people = self.participants(n_posts)
        weights = [1.0 / (i + 1) for i in range(len(people))]
        named = [u.name for u in people if u.name]
        for i in range(n_posts):
            user = people[0] if i == 0 else rng.choices(people, weights)[0]
            if quote_posts is not None:
                quotes = 1 if i in quote_posts else 0
            else:
                quotes = 0 if i == 0 or rng.random() > 0.25 else rng.choice((1, 1, 1, 2, 3))
            post = self.post(i, user, thread.posts, quotes)
            if dialect == "historum" and i < n_posts - 1:
                post.edited = rng.random() < 0.1
                others = [n for n in named if n != user.name]
                if others and rng.random() < 0.1:
                    post.likes = tuple(rng.sample(others, min(len(others), rng.randint(1, 3))))
            thread.posts.append(post)
        return thread


def split_sentences(text: str) -> list[str]:
    """Sentences of generated text (they always end in . ? or ! followed by a space)."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] == " "):
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
