"""What `casecrawl inspect` prints: a page's blocks as the parser sees them, each field with its cue.

The tool to reach for when a crawl refuses to publish: it shows, for one page,
which block the parser took for what, the value of each field and the cue it came
from, and the cross-checks that would fail on it.
"""

from __future__ import annotations

from casecrawl.pages.detail import DetailHints, DetailPage, parse_detail_page
from casecrawl.pages.listing import ListingPage, parse_listing_page
from casecrawl.urls import case_study_slug

TEXT_WIDTH = 90


def is_listing_url(url: str, base_url: str) -> bool:
    """A case-study page has a slug in its URL; anything else under the site is read as a listing."""
    return case_study_slug(url, base_url) is None


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_detail(page: DetailPage) -> str:
    """Blocks with their roles, then every field with its value and cue."""
    lines = ["Blocks (index, tag, role, text):"]
    for block, role in page.roles:
        flags = " bold" if block.bold else ""
        links = f"  [{len(block.links)} link(s)]" if block.links else ""
        lines.append(
            f"  {block.index:>4} {block.tag:<8} {role:<10}{flags} {_short(block.text)}{links}"
        )
    lines.append("")
    lines.append("Fields (value <- cue):")
    fields = {
        "title": page.title,
        "summary": page.summary,
        "topics": page.topics,
        "published_date": page.published_date.isoformat() if page.published_date else None,
        "body_text": _short(page.body_text.replace("\n", " / "), 200),
        "sections": [s["heading"] for s in page.sections],
        "links": page.links,
        "canonical_slug": page.canonical_slug,
    }
    for name, value in fields.items():
        cue = page.cues.get(name, "-")
        lines.append(f"  {name:<15} {value!r}")
        lines.append(f"  {'':<15} <- {cue}")
    if page.date_evidence:
        lines.append(f"  date-like text in the header: {page.date_evidence!r}")
    if page.problems:
        lines.append(f"Cues that failed: {', '.join(page.problems)}")
    return "\n".join(lines)


def format_listing(page: ListingPage) -> str:
    """The listing's total, teasers, pager links and filter names."""
    lines = [f"Reported total: {page.total}", f"Teasers ({len(page.teasers)}):"]
    for teaser in page.teasers:
        lines.append(f"  {teaser.position:>2} {teaser.slug}")
        lines.append(f"     title   {teaser.title!r}")
        lines.append(f"     summary {_short(teaser.summary or '', 200)!r}")
        lines.append(f"     topic   {teaser.topic!r}")
    lines.append(f"Pager links: {sorted(page.pager_links)}")
    lines.append(f"Filter by topics: {page.topics}")
    lines.append(f"Filter by support type: {page.support_types}")
    if page.problems:
        lines.append(f"Cues that failed: {', '.join(page.problems)}")
    return "\n".join(lines)


def inspect_page(html: str, url: str, base_url: str, hints: DetailHints | None = None) -> str:
    """The report for one page, a listing or a case study by its URL."""
    if is_listing_url(url, base_url):
        return format_listing(parse_listing_page(html, url, base_url))
    return format_detail(parse_detail_page(html, url, base_url, hints))
