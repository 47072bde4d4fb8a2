"""Web archives (.mht/.mhtml): the HTML part of the MIME message, its charset and the address it came from."""

from __future__ import annotations

import email
import email.policy

from index.errors import TranscriptError


def html_part(data: bytes) -> tuple[bytes, str | None, str | None]:
    """(the page's bytes, the charset its part declares, its Content-Location); TranscriptError if none."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() != "text/html":
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset(), part.get("Content-Location")
    except Exception:  # the email package raises many kinds on damaged archives; all mean the same here
        raise TranscriptError("an MHTML web archive that cannot be read") from None
    raise TranscriptError("an MHTML web archive with no HTML page in it")
