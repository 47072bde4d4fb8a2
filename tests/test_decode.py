"""Decoding transcript bytes and loading files: encodings, mojibake, and one-line errors."""

from __future__ import annotations

import codecs
import os

import pytest

from index.threads.decode import decode
from index.errors import TranscriptError
from index.threads.read import read_thread

TEXT = "Caf\u00e9 talk \u2014 \u201cquoted\u201d words\n\nand more"


def test_utf8_and_utf8_with_bom_need_no_note():
    assert decode(TEXT.encode("utf-8")) == (TEXT, ())
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, ())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(encoding):
    data = TEXT.encode(encoding)
    if encoding != "utf-16":
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    text, notes = decode(data)
    assert text == TEXT and notes == ("decoded as UTF-16",)


def test_cp1252_then_latin1_fallbacks_are_noted():
    assert decode(TEXT.encode("cp1252")) == (TEXT, ("decoded as cp1252",))
    # 0x81 is undefined in cp1252; one such byte in a page of prose is damage, not binary.
    data = b"caf\xe9 \x81 " + b"plain words of a long enough transcript " * 5
    text, notes = decode(data)
    assert text == data.decode("latin-1") and notes == ("decoded as latin-1",)


def test_mojibake_is_repaired_and_noted():
    original = "Caf\u00e9 na\u00efve \u2014 d\u00e9j\u00e0 vu, \u201cquoted\u201c"
    broken = original.encode("utf-8").decode("cp1252").encode("utf-8")
    assert decode(broken) == (original, ("repaired mojibake",))


@pytest.mark.parametrize("data, reason", [
    (b"", "is empty"),
    (b" \n\t\n", "has no text"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_empty_and_binary_data_are_refused_in_one_line(data, reason):
    with pytest.raises(TranscriptError) as caught:
        decode(data)
    assert reason in str(caught.value) and "\n" not in str(caught.value)


def test_read_thread_parses_and_carries_notes(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Old thread\r\n\r\nna\u00efve words from 1999\r\n".encode("cp1252"))
    thread = read_thread(path)
    assert thread.title == "Old thread" and thread.source == str(path)
    assert thread.notes == ("decoded as cp1252",)
    assert thread.posts[0].own_text == "na\u00efve words from 1999"


def test_read_thread_errors_are_one_line_and_name_the_file(tmp_path):
    unreadable = tmp_path / "secret.txt"
    unreadable.write_text("x")
    unreadable.chmod(0)
    cases = [(tmp_path / "missing.txt", "no such file"), (tmp_path, "is a directory"),
             (tmp_path / "empty.txt", "is empty")]
    (tmp_path / "empty.txt").write_bytes(b"")
    if os.geteuid() != 0:
        cases.append((unreadable, "permission denied"))
    for path, reason in cases:
        with pytest.raises(TranscriptError) as caught:
            read_thread(path)
        message = str(caught.value)
        assert reason in message and str(path) in message and "\n" not in message


@pytest.mark.parametrize("text, encoding", [
    ("Привет всем на форуме, как дела у вас сегодня? Всё хорошо, спасибо.", "cp1251"),
    ("Καλημέρα σε όλους στο φόρουμ, τι κάνετε σήμερα; Όλα καλά, ευχαριστώ.", "cp1253"),
])
def test_legacy_encodings_of_other_scripts_are_detected(text, encoding):
    decoded, notes = decode(text.encode(encoding))
    assert decoded == text and len(notes) == 1 and notes[0].startswith("decoded as ")
