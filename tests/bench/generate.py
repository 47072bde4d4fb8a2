"""Synthetic forum threads: authors, paragraphs with typos, and quotes of earlier posts with their true source."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.bench.quote_kinds import STOCK_LINES, QuoteMaker, add_typo, split_sentences  # noqa: F401
from tests.bench.shapes import SYNTHETIC, Shape
from tests.bench.vocab import PLACES, RANKS, Vocabulary, join_month, person_name, zipf_index

DIALECTS = ("historum", "xenforo", "moviechat")
DIALECT_WEIGHTS = (0.4, 0.35, 0.25)


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
    after: str = ""  # quote: the words the source has right after it, when it has any
    how: str = ""  # quote: its kind and edits, e.g. "paragraph+typo+rewrapped" (see quote_kinds.py)


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

    def __init__(self, rng: random.Random, vocab: Vocabulary, users: list[User], user_cum: list[float],
                 shape: Shape = SYNTHETIC):
        self.rng = rng
        self.shape = shape
        self.vocab = vocab
        self.users = users
        self.user_cum = user_cum
        self.quotes = QuoteMaker(rng, Segment, self.says_something)
        self.extra_paragraphs = 0  # more paragraphs in every post: the long posts of a huge transcript

    def says_something(self, text: str) -> bool:
        """True when the text holds a word outside the 300 most common (stock lines do not)."""
        rank = self.vocab.rank
        return any(rank.get(w.strip(".,?!").lower(), 0) >= 300 for w in text.split())

    # -- words ---------------------------------------------------------------------------------
    def sentence(self) -> tuple[str, str]:
        """(shown, clean): the shown one may carry a typo."""
        rng = self.rng
        if rng.random() < 0.08:  # a short sentence ("Uniforms create unity."): one uncommon word at least
            words = self.vocab.sample(rng, rng.randint(1, 6))
            words[rng.randrange(len(words))] = rng.choice(self.vocab.band(300, 20_000))
            words[0] = words[0].capitalize()
            text = " ".join(words) + rng.choice((".", "?", "!"))
            return text, text
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

    # -- posts ---------------------------------------------------------------------------------
    def post(self, index: int, user: User, posts: list[GenPost], quotes: int) -> GenPost:
        rng = self.rng
        segments: list[Segment] = []
        for _ in range(quotes):
            quote: list[Segment] = []
            for _attempt in range(10 if posts else 0):  # some picks are too short to quote
                quote = self.quotes.quotes(posts)
                if quote:
                    break
            if not quote:
                continue
            back_to_back = segments and segments[-1].source != quote[0].source and rng.random() < 0.2
            if (segments and not back_to_back) or (not segments and rng.random() < self.shape.opening_mid) \
                    or quote[0].how == "short":
                segments.append(self.paragraph())  # a quote in the middle of the post
            segments += quote
            if quote[0].how == "short":  # a short quote is answered right below it
                segments.append(self.paragraph())
            if quote[-1].after and rng.random() < 0.3:
                # The reply opens with the words the source had next: the quote must stop before them.
                quote[-1].how += "+runon"
                reply = self.paragraph()
                segments.append(Segment("own", f"{quote[-1].after} {reply.text}", f"{quote[-1].after} {reply.clean}"))
        segments.append(self.paragraph())
        if rng.random() < 0.1:  # a stock line opens the reply: common words, not a quote
            last = segments[-1]
            stock = rng.choice(STOCK_LINES)
            segments[-1] = Segment("own", f"{stock}\n{last.text}", f"{stock}\n{last.clean}")
        segments += [self.paragraph() for _ in range(self.shape.extra_paragraphs(rng))]
        segments += [self.paragraph() for _ in range(self.extra_paragraphs)]
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
                quotes = 0 if i == 0 or rng.random() > self.shape.quote_share else rng.choice((1, 1, 1, 2, 3))
            post = self.post(i, user, thread.posts, quotes)
            if dialect == "historum" and i < n_posts - 1:
                post.edited = rng.random() < 0.1
                others = [n for n in named if n != user.name]
                if others and rng.random() < 0.1:
                    post.likes = tuple(rng.sample(others, min(len(others), rng.randint(1, 3))))
            thread.posts.append(post)
        return thread
