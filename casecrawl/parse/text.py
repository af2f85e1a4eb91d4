"""A page's bytes as text, when the encoding it declares is not the one it was sent in.

A page that says utf-8 but is not valid UTF-8 is read as windows-1252 when that reads it
whole (a server that mislabels its pages); otherwise as the declared encoding with U+FFFD
for the bytes that are invalid, so that nothing else on the page is lost.
"""

from __future__ import annotations

FALLBACK = "cp1252"


def page_text(body: bytes, declared: str | None) -> str:
    """The page's text: strictly in its declared encoding, else windows-1252, else replaced."""
    encoding = (declared or "utf-8").lower()
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        pass
    try:
        return body.decode(FALLBACK)
    except UnicodeDecodeError:
        return body.decode(encoding if encoding != FALLBACK else "utf-8", errors="replace")


def response_text(response) -> str:
    """`page_text` of a Scrapy response (its declared encoding: header, meta or BOM)."""
    return page_text(response.body, getattr(response, "encoding", None))
