"""What a markup variant is given to render: plain data, no HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from casecrawl.testbed.site import SUB_TOPICS, ReplicaCaseStudy


@dataclass
class ListingView:
    """One listing page: the results on it and what surrounds them."""

    base_url: str
    banner: str
    total: int
    page: int
    last_page: int
    results: list[ReplicaCaseStudy]
    topics: dict[int, str]
    support_types: dict[int, str]
    page_url: Callable[[int], str]  # the URL of another page of the same listing
    teaser_href: Callable[[ReplicaCaseStudy], str] = lambda c: f"/case-studies/{c.slug}"
    featured: list[tuple[str, str]] = field(default_factory=list)  # nav links to case studies
    # The hierarchy of `topics`: sub-topic ID -> parent ID (a markup may nest its filter by it).
    sub_topics: dict[int, int] = field(default_factory=lambda: dict(SUB_TOPICS))


@dataclass
class DetailView:
    """One case-study page and what surrounds it."""

    base_url: str
    banner: str
    case: ReplicaCaseStudy
    related: list[tuple[str, str]]  # (title, href) of other case studies, some as /node/N
    # The case studies `related` points to, in the same order (their summaries and topic labels).
    related_cases: list[ReplicaCaseStudy] = field(default_factory=list)


def escape(text: str) -> str:
    """HTML-escape text and attribute values."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def segments_html(segments) -> str:
    """A paragraph's inline segments as HTML, links as <a>."""
    out = []
    for seg in segments:
        if seg.href:
            out.append(f'<a href="{escape(seg.href)}">{escape(seg.text)}</a>')
        else:
            out.append(escape(seg.text))
    return "".join(out)
