"""Turn a saved file's bytes into text: UTF-8/16 with BOM, cp1252, other legacy encodings, mojibake repaired."""

from __future__ import annotations

import codecs
import re

import ftfy
from ftfy.badness import is_bad

from index.errors import TranscriptError

# NUL bytes never occur in text in a single-byte or UTF-8 encoding; a few mean a binary file.
SNIFF_BYTES = 8192


# Control characters other than layout and ESC (colour codes in saved terminal logs are text):
# random or compressed bytes without a NUL decode as latin-1 with about one in five of these.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
CONTROL_SHARE = 0.05
ACCENTED_SHARE = 0.3


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:SNIFF_BYTES]


def _mostly_controls(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    return len(_CONTROLS.findall(sample)) > CONTROL_SHARE * len(sample)


def _unicode(data: bytes) -> tuple[str, str | None]:
    """The text and, if it was not plain UTF-8, the encoding that worked."""
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), None
        except UnicodeDecodeError:
            # The mark says UTF-8; a few bad bytes are damage, not another encoding.
            return body.decode("utf-8", errors="replace"), "UTF-8 with damaged bytes replaced"
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name.upper()
            except UnicodeDecodeError:
                raise TranscriptError(f"starts with a {name.upper()} mark but is not valid {name.upper()}") from None
    if _looks_binary(data):
        raise TranscriptError("looks like a binary file, not a text transcript")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so this cannot fail.
        text, encoding = data.decode("latin-1"), "latin-1"
    if _mostly_accented(text):
        return _detected(data) or (text, encoding)
    return text, encoding


def _mostly_accented(text: str) -> bool:
    """Western text is mostly plain letters; Cyrillic, Greek or Asian bytes read as cp1252 are not."""
    sample = text[:SNIFF_BYTES]
    letters = sum(c.isalpha() for c in sample)
    return letters > 0 and sum(c.isalpha() and not c.isascii() for c in sample) > ACCENTED_SHARE * letters


def _detected(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of bytes that are no Western encoding.

    Not asked first: on short Western text it guesses cp1250 or cp775 ("naïve" came out
    "naďve"), where cp1252 was right on every sample we tried.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * SNIFF_BYTES]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


def _may_be_mojibake(text: str) -> bool:
    """ftfy's own badness check, run on the lines with non-ASCII characters only: mojibake needs
    them, and the check over all of a 50 MB transcript takes seconds."""
    if text.isascii():
        return False
    return is_bad("\n".join(line for line in text.split("\n") if not line.isascii()))


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a transcript and notes on what it took to read it ("decoded as cp1252", ...)."""
    if not data:
        raise TranscriptError("is empty")
    text, encoding = _unicode(data)
    notes = [f"decoded as {encoding}"] if encoding else []
    if "\x00" in text or _mostly_controls(text):
        raise TranscriptError("looks like a binary file, not a text transcript")
    repaired = ftfy.fix_encoding(text) if _may_be_mojibake(text) else text
    if repaired != text:
        text = repaired
        notes.append("repaired mojibake")
    if not text.strip():
        raise TranscriptError("has no text")
    return text, tuple(notes)
