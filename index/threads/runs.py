"""The runs of text quote finding reads, in its order: word ids and shingle hashes made for many posts at once."""

from __future__ import annotations

from collections import deque
from typing import Sequence

from index.model import Post, Quote
from index.threads.shingles import hashes_of_runs
from index.threads.words import TextRun, Vocabulary

# Posts (and at most about this many words) whose runs are made together: the shingle hashes of
# a chunk cost the numpy calls of one post, and a huge thread's words are still not held at once.
CHUNK_POSTS = 64
CHUNK_WORDS = 1 << 16


def texts_of(post: Post) -> list[str]:
    """The texts a post is read as: its paragraphs as one run when its copy marked no quote, else
    each block (marked quotes and paragraphs) in order."""
    if not any(isinstance(block, Quote) for block in post.blocks):
        return ["\n\n".join(block.text for block in post.blocks)]
    return [block.text for block in post.blocks]


class Runs:
    """Each post's runs, asked for in post order. Words get their ids in the order the posts are
    read, whether one post or a chunk is made at a time, so the ids are the same either way."""

    def __init__(self, posts: Sequence[Post], vocabulary: Vocabulary) -> None:
        self.posts = posts
        self.vocabulary = vocabulary
        self.ahead: deque[list[TextRun]] = deque()
        self.made = 0  # posts whose runs were made

    def next_post(self) -> list[TextRun]:
        """The runs of the next post (texts_of), with their word ids and shingle hashes."""
        if not self.ahead:
            self._make()
        return self.ahead.popleft()

    def _make(self) -> None:
        ids_of = self.vocabulary.ids_of
        chunk: list[tuple[list[str], list[list[int]]]] = []
        words = 0
        while self.made < len(self.posts) and len(chunk) < CHUNK_POSTS and words < CHUNK_WORDS:
            texts = texts_of(self.posts[self.made])
            self.made += 1
            ids = [ids_of(text) for text in texts]
            chunk.append((texts, ids))
            words += sum(map(len, ids))
        made = iter(hashes_of_runs([ids for _, post_ids in chunk for ids in post_ids]))
        for texts, ids in chunk:
            self.ahead.append([TextRun(text, run_ids, next(made)) for text, run_ids in zip(texts, ids)])
