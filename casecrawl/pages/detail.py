"""Parse a case-study page into its fields: title, summary, topics, date, body, sections, links.

Cues (site-notes): the page's h1 is the title (a banner may stand before it); then
the summary, zero to two topic lines ("View all<Topic> articles" or a bare topic
name), an optional series line, then the body; a related block of case-study links
closes the content. Dates come from <time datetime>, a meta tag or a short visible
date line, read day-first; none shown means None, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import dateparser
from parsel import Selector

from casecrawl.pages.blocks import Block, normalise_text, page_blocks
from casecrawl.pages.topics import is_bare_topic_label, view_all_topic
from casecrawl.urls import case_study_slug, node_id

SERIES_LINE = re.compile(r"^This case study is part of\b", re.IGNORECASE)
RELATED_HEADING = re.compile(
    r"^(related\b|you may also|see also|more case studies|other case studies|similar)", re.I
)
DATE_LINE = re.compile(
    r"^(?:(?:date\s+)?(?:first\s+)?(?:published|posted|created|date)(?:\s+on)?\s*:?\s*)?"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s+\d{4}"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)
DATE_META = (
    "article:published_time",
    "og:published_time",
    "dcterms.date",
    "dcterms.created",
    "dc.date",
    "date",
    "citation_publication_date",
)
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
LEAKED_LABEL = re.compile(r"(summary|background|overview)\s*:?", re.IGNORECASE)
LEAKED_LEADING = re.compile(r"^[Ss]ummary\s*:?\s+(?=[A-Z0-9])")
LEAKED_TRAILING = re.compile(r"(?<=[.!?])\s+background\s*:?$", re.IGNORECASE)
HEADER_WINDOW = 8  # summary, topic, date and series lines sit in the first blocks after the title


@dataclass
class DetailHints:
    """What the listing already told us about this case study."""

    summary: str | None = None
    vocabulary: frozenset[str] = frozenset()


@dataclass
class DetailPage:
    """The fields of one case-study page, plus the cues that failed on it."""

    url: str
    title: str | None
    summary: str | None
    topics: list[str]
    published_date: date | None
    body_text: str
    sections: list[dict]
    links: list[str]
    canonical_slug: str | None
    problems: list[str] = field(default_factory=list)


def parse_detail_page(
    page: str | Selector, url: str, base_url: str, hints: DetailHints | None = None
) -> DetailPage:
    """Read one case-study page. Pure: the same HTML always gives the same result."""
    hints = hints or DetailHints()
    selector = page if isinstance(page, Selector) else Selector(text=page)
    blocks = page_blocks(selector, url)
    problems: list[str] = []
    title_block = _title_block(blocks, selector)
    if title_block is None:
        problems.append("h1_title")
        content: list[Block] = []
        title = None
    else:
        title = title_block.text
        content = _content_after(blocks, title_block, base_url)
    header, body = _split_header(content, hints)
    summary = next((b.text for b in header if b.kind == "summary"), None)
    topics = [b.topic for b in header if b.kind == "topic"]
    published = (
        next((b.date for b in header if b.kind == "date"), None)
        or _date_before_title(blocks, title_block)
        or _date_from_meta(selector)
    )
    if not body:
        problems.append("body")
    return DetailPage(
        url=url,
        title=title,
        summary=summary,
        topics=topics,
        published_date=published,
        body_text=_join_blocks(body),
        sections=_sections(body),
        links=_links(body),
        canonical_slug=_canonical_slug(selector, base_url),
        problems=problems,
    )


def _title_block(blocks: list[Block], selector: Selector) -> Block | None:
    h1s = [b for b in blocks if b.tag == "h1" and not b.furniture]
    if not h1s:
        return None
    # A banner or logo may also be an h1: prefer the one the <title> names, then the one in content.
    page_title = normalise_text(selector.xpath("string(//title)").get())
    for block in h1s:
        if page_title and block.text and page_title.startswith(block.text):
            return block
    for block in h1s:
        if any(a.tag in ("main", "article") for a in block.element.iterancestors()):
            return block
    return h1s[0]


def _content_after(blocks: list[Block], title: Block, base_url: str) -> list[Block]:
    """Blocks after the title up to the related block, skipping page furniture."""
    content = []
    rest = [b for b in blocks[title.index + 1 :] if not b.furniture]
    for i, block in enumerate(rest):
        if _starts_related_block(block, rest[i + 1 : i + 3], base_url):
            break
        content.append(block)
    return content


def _only_case_study_links(block: Block, base_url: str) -> bool:
    return (
        bool(block.links)
        and all(case_study_slug(h, base_url) or node_id(h, base_url) for h, _ in block.links)
        and sum(len(t) for _, t in block.links) >= 0.8 * len(block.text)
    )


def _starts_related_block(block: Block, following: list[Block], base_url: str) -> bool:
    if RELATED_HEADING.match(block.text) and following:
        return _only_case_study_links(following[0], base_url)
    return (
        _only_case_study_links(block, base_url)
        and len(following) >= 1
        and all(_only_case_study_links(b, base_url) for b in following[:1])
    )


@dataclass
class _HeaderLine:
    kind: str  # "summary", "topic", "date", "series"
    text: str
    topic: str | None = None
    date: date | None = None


def _classify(block: Block, vocabulary: frozenset[str]) -> _HeaderLine | None:
    topic = view_all_topic(block.text)
    if topic:
        return _HeaderLine("topic", block.text, topic=topic)
    if is_bare_topic_label(block.text, vocabulary):
        return _HeaderLine("topic", block.text, topic=block.text)
    if SERIES_LINE.match(block.text):
        return _HeaderLine("series", block.text)
    day = _block_date(block)
    if day:
        return _HeaderLine("date", block.text, date=day)
    return None


def _block_date(block: Block) -> date | None:
    """The date a short block shows: its <time datetime> when it has one, else its text."""
    if len(block.text) > 80:
        return None
    for time in block.element.iter("time"):
        shown = normalise_text(time.xpath("string()"))
        if time.get("datetime") and shown and shown in block.text:
            day = parse_date(time.get("datetime"))
            if day:
                return day
    return parse_date_line(block.text)


def _date_before_title(blocks: list[Block], title: Block | None) -> date | None:
    """Some layouts show the date just above the title."""
    if title is None:
        return None
    before = [b for b in blocks[max(title.index - 3, 0) : title.index] if not b.furniture]
    return next((d for b in before if (d := _block_date(b))), None)


def _split_header(content: list[Block], hints: DetailHints):
    """Split the blocks after the title into header lines and body blocks."""
    window = content[:HEADER_WINDOW]
    marks = []
    for block in window:
        if block.is_heading:
            break
        marks.append(_classify(block, hints.vocabulary))
    last_mark = max((i for i, m in enumerate(marks) if m), default=-1)
    header: list[_HeaderLine] = [m for m in marks[: last_mark + 1] if m]
    unmarked = [
        b for b, m in zip(window[: last_mark + 1], marks[: last_mark + 1], strict=True) if m is None
    ]
    body = content[last_mark + 1 :]
    summary_text = " ".join(b.text for b in unmarked if not LEAKED_LABEL.fullmatch(b.text))
    if summary_text:
        header.insert(0, _HeaderLine("summary", clean_summary(summary_text)))
    elif body and not body[0].is_heading and _looks_like_summary(body[0], body[1:], hints):
        header.insert(0, _HeaderLine("summary", clean_summary(body[0].text)))
        body = body[1:]
    return header, body


def clean_summary(text: str) -> str:
    """Drop label words that old pages leak into the summary ('Summary ...', '... Background')."""
    text = LEAKED_LEADING.sub("", text)
    return LEAKED_TRAILING.sub("", text).strip()


def _looks_like_summary(first: Block, rest: list[Block], hints: DetailHints) -> bool:
    """With no header line after it, the first paragraph is the summary when it stands apart."""
    if hints.summary is not None and normalise_text(hints.summary) == first.text:
        return True
    if hints.summary is None:
        return False
    parent = first.element.getparent()
    return bool(rest) and all(b.element.getparent() is not parent for b in rest)


def parse_date_line(text: str) -> date | None:
    """A date from a short line that shows only a date, read day-first ('12/03/2021' is 12 March)."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return None
    return parse_date(match.group("date"))


def parse_date(text: str) -> date | None:
    """Parse one date string with dateparser, day-first; None when it is not a full date."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    text = re.sub(r"(\d)\s+of\s+", r"\1 ", text)
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    parsed = dateparser.parse(text, languages=["en"], settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _date_from_meta(selector: Selector) -> date | None:
    for name in DATE_META:
        value = selector.xpath(
            "//meta[translate(@property, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            " = $n or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            " = $n]/@content",
            n=name,
        ).get()
        if value:
            day = parse_date(value)
            if day:
                return day
    return None


def _is_section_heading(block: Block) -> bool:
    return block.tag in ("h2", "h3", "h4") or (
        block.bold and block.text.endswith(":") and block.tag == "p"
    )


def _block_text(block: Block) -> str:
    return f"- {block.text}" if block.tag == "li" else block.text


def _join_blocks(blocks: list[Block]) -> str:
    """Blank lines between blocks; items of one list on consecutive lines."""
    out: list[str] = []
    previous = None
    for block in blocks:
        same_list = (
            previous is not None
            and block.tag == "li"
            and previous.tag == "li"
            and block.list_parent is previous.list_parent
        )
        if same_list:
            out[-1] += "\n" + _block_text(block)
        else:
            out.append(_block_text(block))
        previous = block
    return "\n\n".join(out)


def _sections(blocks: list[Block]) -> list[dict]:
    sections: list[dict] = []
    heading, members = "", []
    started = False
    for block in blocks:
        if _is_section_heading(block):
            if members or started:
                sections.append({"heading": heading, "text": _join_blocks(members)})
            heading, members, started = block.text.rstrip(":").strip(), [], True
        else:
            members.append(block)
    if members or started:
        sections.append({"heading": heading, "text": _join_blocks(members)})
    return sections


def _links(blocks: list[Block]) -> list[str]:
    links: list[str] = []
    for block in blocks:
        for href, _ in block.links:
            if href.startswith(("http://", "https://")) and href not in links:
                links.append(href)
    return links


def _canonical_slug(selector: Selector, base_url: str) -> str | None:
    for href in (
        selector.css('link[rel="canonical"]::attr(href)').get(),
        selector.css('meta[property="og:url"]::attr(content)').get(),
    ):
        if href:
            slug = case_study_slug(href, base_url)
            if slug:
                return slug
    return None
