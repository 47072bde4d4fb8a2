"""dataclasses.replace for the parser's per-post dataclasses, without its walk over every field."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def changed(item: T, **changes) -> T:
    """A copy of `item` with `changes`, as dataclasses.replace makes it, for a dataclass with no
    __post_init__, no __slots__ and every field in __init__ (Post, RawPost): a fresh instance's
    fields are set directly, so a frozen one is made too. This runs several times for every post."""
    new = object.__new__(type(item))
    new.__dict__.update(item.__dict__, **changes)
    return new
