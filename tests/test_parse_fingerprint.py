"""The parser's output on generated threads is exactly what it was when the fingerprints were taken:
speed-ups change no post, quote, source or span."""

from __future__ import annotations

import json

import pytest

from tests.parse_fingerprint import STORE, fingerprints


@pytest.fixture(scope="module")
def taken() -> dict:
    return fingerprints()


@pytest.fixture(scope="module")
def stored() -> dict:
    return json.loads(STORE.read_text())


def test_the_generated_threads_are_the_ones_fingerprinted(taken, stored):
    assert taken["inputs"] == stored["inputs"], "the generator changed: its threads are not the ones fingerprinted"


@pytest.mark.parametrize("part", ["threads", "marked"])
def test_parse_output_is_unchanged(taken, stored, part):
    changed = sorted(name for name, value in stored[part].items() if taken[part].get(name) != value)
    assert not changed and taken[part].keys() == stored[part].keys(), f"parse output changed for {changed}"
