"""Whether bytes are a saved web page, and their text as the browser would decode it (BOM, <meta charset>)."""

from __future__ import annotations

import codecs
import re

# The HTML standard's prescan looks at the first 1024 bytes; saved pages often put the
# charset after a long comment or many <link>s, so look a little further.
PRESCAN_BYTES = 4096
_MARKUP = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset|<div[\s>]|<article[\s>]|<table[\s>]",
    re.IGNORECASE,
)
_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_MHTML = re.compile(rb"^(?:[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n)*?content-type:\s*multipart/related", re.IGNORECASE)
# Labels the standard maps to windows-1252: a page that says latin-1 means cp1252.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819", "ibm819"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def is_mhtml(data: bytes) -> bool:
    """A web archive: a MIME message whose headers say multipart/related."""
    return bool(_MHTML.match(data[:PRESCAN_BYTES].lstrip()))


def is_page(data: bytes) -> bool:
    """Markup at the start of the file (after a BOM and whitespace), not only a '<' somewhere in text."""
    head = data[:PRESCAN_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, "replace").encode("ascii", "replace")
            break
    head = head.lstrip()
    if not head.startswith(b"<"):
        return False
    return bool(_MARKUP.search(head))


def declared_charset(data: bytes) -> str | None:
    """The encoding a <meta charset> or http-equiv content-type names, if Python knows it."""
    match = _CHARSET.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be UTF-16 if its ASCII meta tag was readable; the standard says UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


def page_text(data: bytes, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The page's text and notes on how it was decoded: BOM, then valid UTF-8, then the declared charset, then cp1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace"), ()
    charset = declared or declared_charset(data)
    try:
        # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the page says: a browser saving
        # a page re-encodes it and often leaves the old <meta charset> in place.
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    if charset and charset != "utf-8":
        return data.decode(charset, "replace"), (f"decoded as {charset} (the page's charset)",)
    if charset == "utf-8":
        return data.decode("utf-8", "replace"), ("UTF-8 with damaged bytes replaced",)
    return data.decode("cp1252", "replace"), ("decoded as cp1252",)
