"""Parse a case-study page into its fields: title, summary, topics, date, body, sections, links.

Cues (site-notes): the page's h1 is the title (a banner may stand before it); then
the summary, zero to two topic lines ("View all<Topic> articles" or a bare topic
name), an optional series line, then the body. Everything else is read by
structure, not by wording: related blocks by their shape (pages/related.py),
label/value metadata wherever it sits in the header (pages/metadata.py), topic
links one at a time wherever they stand, dates in every common form
(pages/dates.py). Each field records the cue it came from, and every block the
role it was given, for `casecrawl inspect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from parsel import Selector

from casecrawl.parse.blocks import Block, common_ancestor, contains, normalise_text, page_blocks
from casecrawl.parse.dates import (
    find_date,
    find_partial_date,
    looks_date_like,
    parse_date,
    shown_date,
)
from casecrawl.parse.metadata import MetadataLine, read_metadata
from casecrawl.parse.related import find_related_blocks
from casecrawl.parse.structured import DATE_META
from casecrawl.parse.topics import (
    bare_topics,
    is_topic_label_word,
    link_topics,
    only_topic_links,
    view_all_topic,
)
from casecrawl.urls import case_study_slug

SERIES_LINE = re.compile(r"^This case study is part of\b", re.IGNORECASE)
LEAKED_LABEL = re.compile(r"(summary|background|overview)\s*:?", re.IGNORECASE)
LEAKED_LEADING = re.compile(r"^[Ss]ummary\s*:?\s+(?=[A-Z0-9])")
LEAKED_TRAILING = re.compile(r"(?<=[.!?])\s+background\s*:?$", re.IGNORECASE)
ELLIPSIS = re.compile(r"\s*(\.\.\.|…)$")
BEFORE_TITLE = 3  # an eyebrow topic or a date may stand just above the title
HEADER_ROLES = frozenset({"summary", "topic", "date", "metadata", "series", "label"})
SHORT_LINE = 120  # header lines (dates, labels) are short; summaries are longer


@dataclass
class DetailHints:
    """What the listing already told us about this case study."""

    summary: str | None = None
    vocabulary: frozenset[str] = frozenset()
    # True when `summary` is what the listing teaser shows: None then means it shows none.
    from_listing: bool = False
    # Texts the listing pages show too (menu, footer): furniture, whatever their markup.
    boilerplate: frozenset[str] = frozenset()


@dataclass
class DetailPage:
    """The fields of one case-study page, the cue behind each, and the cues that failed."""

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
    cues: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    date_evidence: list[str] = field(default_factory=list)  # date-like things in the header
    header_texts: list[str] = field(default_factory=list)  # header and first body blocks
    topic_hrefs: dict[str, str] = field(default_factory=dict)  # topic -> its page's URL
    published_date_raw: str | None = None  # the date as the page shows it, full or not
    roles: list[tuple[Block, str]] = field(default_factory=list)  # every block and its role
    placed: dict[str, str] = field(default_factory=dict)  # field -> template or per-page rules
    template_misses: list[str] = field(default_factory=list)  # learned paths that found nothing


class _Reading:
    """The state of reading one page: each block's role, and what the header said."""

    def __init__(self, blocks: list[Block], hints: DetailHints):
        self.hints = hints
        self.role: dict[int, str] = {b.index: "furniture" for b in blocks if b.furniture}
        self.topics: list[tuple[int, str]] = []  # (block index, topic)
        self.topic_hrefs: dict[str, str] = {}  # topic -> the URL its label links to
        self.dates: list[tuple[date, str]] = []  # (date, cue)
        self.date_raw: str | None = None  # the first date shown, as shown
        self.evidence: list[str] = []
        self.summary_blocks: list[Block] = []
        self.summary_cue = ""

    def add_topics(self, block: Block, topics: list[str]) -> None:
        self.topics += [(block.index, t) for t in topics]
        for href, text in block.links:  # the topic's own page, for its slug and parent
            name = view_all_topic(text)
            if name in topics:
                self.topic_hrefs.setdefault(name, href)


def parse_detail_page(
    page: str | Selector, url: str, base_url: str, hints: DetailHints | None = None
) -> DetailPage:
    """Read one case-study page. Pure: the same HTML always gives the same result."""
    hints = hints or DetailHints()
    selector = page if isinstance(page, Selector) else Selector(text=page)
    blocks = page_blocks(selector, url)
    reading = _Reading(blocks, hints)
    problems: list[str] = []
    cues: dict[str, str] = {}
    title_block = _title_block(blocks, selector)
    content = _set_aside_furniture(blocks, title_block, reading, url, base_url)
    body: list[Block] = []
    if title_block is None:
        problems.append("h1_title")
    else:
        cues["title"] = "h1" + (
            " named by <title>" if _named_by_title(title_block, selector) else ""
        )
        body = _read_from_title(content, title_block, reading)
    for block in blocks:
        reading.role.setdefault(block.index, "ignored")
    summary = _summary(reading)
    if summary is not None:
        cues["summary"] = reading.summary_cue
    topics = [t for _, t in sorted(reading.topics, key=lambda pair: pair[0])]
    if topics:
        cues["topics"] = _topics_cue(reading)
    published = _published_date(reading, selector, cues)
    if not body:
        problems.append("body")
    else:
        cues["body_text"] = f"{len(body)} blocks after the header" + (
            ", related block set aside" if "related" in reading.role.values() else ""
        )
    return DetailPage(
        url=url,
        title=title_block.text if title_block is not None else None,
        summary=summary,
        topics=list(dict.fromkeys(topics)),
        published_date=published,
        body_text=join_blocks(body),
        sections=section_list(body),
        links=web_links(body),
        canonical_slug=canonical_slug(selector, base_url),
        problems=problems,
        cues=cues,
        date_evidence=reading.evidence,
        header_texts=_header_texts(blocks, reading, body),
        topic_hrefs=reading.topic_hrefs,
        published_date_raw=reading.date_raw,
        roles=[(b, reading.role[b.index]) for b in blocks],
    )


def _set_aside_furniture(blocks, title_block, reading: _Reading, url: str, base_url: str):
    """The page's content blocks: what every page of the site shows is furniture here too,
    and related blocks are marked as such."""
    for block in blocks:
        if block.text in reading.hints.boilerplate and block is not title_block:
            block.furniture = True
            reading.role[block.index] = "furniture"
    content = [b for b in blocks if not b.furniture]
    for related in find_related_blocks(content, case_study_slug(url, base_url), base_url):
        for position in related.positions:
            reading.role[content[position].index] = "related"
    return content


def _read_from_title(content: list[Block], title_block: Block, reading: _Reading) -> list[Block]:
    """The blocks around the title (eyebrows, dates before it; the header after it), then
    the body blocks."""
    reading.role[title_block.index] = "title"
    place = content.index(title_block)
    for block in content[max(place - BEFORE_TITLE, 0) : place]:
        if block.index not in reading.role:
            _read_before_title(block, reading)
    rest = [b for b in content[place + 1 :] if b.index not in reading.role]
    body = _read_header(rest, reading)
    return _body_blocks(body, title_block, reading)


def _title_block(blocks: list[Block], selector: Selector) -> Block | None:
    h1s = [b for b in blocks if b.tag == "h1" and not b.furniture]
    if not h1s:
        return None
    # A banner or logo may also be an h1: prefer the one the <title> names, then the one in content.
    for block in h1s:
        if _named_by_title(block, selector):
            return block
    for block in h1s:
        if any(a.tag in ("main", "article") for a in block.element.iterancestors()):
            return block
    return h1s[0]


def _named_by_title(block: Block, selector: Selector) -> bool:
    page_title = normalise_text(selector.xpath("string(//title)").get())
    return bool(page_title and block.text and page_title.startswith(block.text))


# --- the header: what stands between the title and the body ------------------------------


def _read_before_title(block: Block, reading: _Reading) -> None:
    """An eyebrow topic or a date just above the title; anything else there is not ours."""
    topics = _topic_line(block, reading.hints.vocabulary)
    if topics:
        reading.role[block.index] = "topic"
        reading.add_topics(block, topics)
        return
    day = _block_date(block)
    if day:
        reading.role[block.index] = "date"
        reading.dates.append((day, f"date line above the title: {block.text!r}"))
        reading.date_raw = reading.date_raw or shown_date(block.text)
        reading.evidence.append(block.text)
    elif find_partial_date(block.text):
        reading.role[block.index] = "date"
        reading.date_raw = reading.date_raw or find_partial_date(block.text)
    elif len(block.text) <= SHORT_LINE and _has_date_signs(block):
        reading.evidence.append(block.text)


def _topic_line(block: Block, vocabulary: frozenset[str]) -> list[str]:
    """The topics of a block made of topic labels only ('View all' links or bare names)."""
    if only_topic_links(block):
        return link_topics(block)
    if view_all_topic(block.text):  # the label as plain text, without a link
        return [view_all_topic(block.text)]
    if block.is_heading or len(block.text) > SHORT_LINE:
        return []
    return bare_topics(block.text, vocabulary) or []


def _read_header(rest: list[Block], reading: _Reading) -> list[Block]:
    """Give the header lines their roles; return the blocks from where the body starts."""
    vocabulary = reading.hints.vocabulary
    for i, block in enumerate(rest):
        if block.index in reading.role:
            continue
        kind = _header_line(block, rest[i + 1 :], reading)
        if kind:
            reading.role[block.index] = kind
            continue
        if _is_section_heading(block) and not _announces_topics(block, rest[i + 1 :], vocabulary):
            return rest[i:]
        if not reading.summary_blocks and _is_summary(block, rest[:i], rest[i + 1 :], reading):
            continue
        return rest[i:]
    return []


def _header_line(block: Block, following: list[Block], reading: _Reading) -> str | None:
    """The role of a header block that is not summary or body, or None."""
    vocabulary = reading.hints.vocabulary
    topics = _topic_line(block, vocabulary)
    if topics:
        reading.add_topics(block, topics)
        return "topic"
    if _announces_topics(block, following, vocabulary):
        return "label"
    if SERIES_LINE.match(block.text):
        return "series"
    # Label/value metadata first: one line may hold a date and the topics ('Date: ... | Theme: ...').
    meta = read_metadata(block, vocabulary)
    if meta is not None:
        if meta.date is None and _has_date_signs(block):
            meta.date = _block_date(block)
        _take_metadata(block, meta, reading)
        return "metadata"
    if len(block.text) <= SHORT_LINE:
        day = _block_date(block)
        if day:
            reading.dates.append((day, f"date line {block.text!r}"))
            reading.date_raw = reading.date_raw or shown_date(block.text)
            reading.evidence.append(block.text)
            return "date"
        partial = find_partial_date(block.text)
        if partial:  # 'Summer 2021': shown, kept as shown, but no date to give
            reading.date_raw = reading.date_raw or partial
            return "date"
        if _has_date_signs(block):
            reading.evidence.append(block.text)
    if LEAKED_LABEL.fullmatch(block.text):
        return "label"
    return None


def _take_metadata(block: Block, meta: MetadataLine, reading: _Reading) -> None:
    if meta.date:
        reading.dates.append((meta.date, f"metadata {meta.pairs!r}"))
        reading.date_raw = reading.date_raw or shown_date(block.text)
    if meta.date or looks_date_like(block.text):
        reading.evidence.append(block.text)
    reading.add_topics(block, meta.topics)
    if meta.summary and not reading.summary_blocks:
        reading.summary_blocks.append(block)
        reading.summary_cue = f"value of the metadata label {meta.pairs[0][0]!r}"


def _announces_topics(block: Block, following: list[Block], vocabulary: frozenset[str]) -> bool:
    """A short heading or label ('Topics', 'Filed under') followed by topic labels only."""
    if not (block.is_heading or block.bold or is_topic_label_word(block.text)):
        return False
    if len(block.text) > 40 or not following:
        return False
    return bool(_topic_line(following[0], vocabulary))


def _is_summary(block: Block, before: list[Block], after: list[Block], reading: _Reading) -> bool:
    """Whether an unmarked header block is the summary (it is at most one such block)."""
    hint, known = reading.hints.summary, reading.hints.from_listing
    text = clean_summary(block.text)
    cue = None
    if hint is not None and _same_summary(text, hint):
        cue = "the block after the title that the listing teaser repeats"
    elif before and LEAKED_LABEL.fullmatch(before[-1].text):
        cue = f"the block after the label {before[-1].text!r}"
    elif known and hint is None:
        cue = None  # the teaser shows no summary, and the page shows none unless it says so
    elif after and _header_line_kind(after[0], after[1:], reading):
        cue = "the block after the title, before the header lines"
    elif hint is not None and after and _stands_apart(block, after):
        cue = "the block after the title, apart from the body in the page structure"
    if cue is None:
        return False
    reading.role[block.index] = "summary"
    reading.summary_blocks.append(block)
    reading.summary_cue = cue
    return True


def _header_line_kind(block: Block, following: list[Block], reading: _Reading) -> bool:
    """Whether the block is a header line, without recording anything."""
    probe = _Reading([], reading.hints)
    return _header_line(block, following, probe) is not None


def _same_summary(text: str, hint: str) -> bool:
    hint = normalise_text(hint)
    stem = ELLIPSIS.sub("", hint)
    return text == hint or (stem != hint and text.startswith(stem))


def _stands_apart(first: Block, rest: list[Block]) -> bool:
    parent = first.element.getparent()
    return all(b.element.getparent() is not parent for b in rest)


def _summary(reading: _Reading) -> str | None:
    if not reading.summary_blocks:
        return None
    block = reading.summary_blocks[0]
    if reading.role.get(block.index) == "metadata":
        meta = read_metadata(block, reading.hints.vocabulary)
        return clean_summary(meta.summary) if meta and meta.summary else None
    return clean_summary(block.text) or None


def clean_summary(text: str) -> str:
    """Drop label words that old pages leak into the summary ('Summary ...', '... Background')."""
    text = LEAKED_LEADING.sub("", normalise_text(text))
    return LEAKED_TRAILING.sub("", text).strip()


# --- the body -----------------------------------------------------------------------------


def _body_blocks(candidates: list[Block], title: Block, reading: _Reading) -> list[Block]:
    """The body: within the title's article, less topic blocks and related blocks."""
    vocabulary = reading.hints.vocabulary
    if not candidates:
        return []
    article = common_ancestor([title.element, candidates[0].element])
    body = []
    for block in candidates:
        if block.index in reading.role:
            continue
        if not contains(article, block.element):
            reading.role[block.index] = "outside"
            continue
        if only_topic_links(block):
            reading.role[block.index] = "topic"
            reading.add_topics(block, link_topics(block))
            continue
        reading.add_topics(block, link_topics(block))
        body.append(block)
    # A side block of topics after the body: bare names or links, perhaps under a heading.
    while body:
        last = body[-1]
        topics = _topic_line(last, vocabulary)
        if topics:
            reading.role[last.index] = "topic"
            reading.add_topics(last, topics)
            body.pop()
            continue
        if any(reading.role.get(b.index) == "topic" for b in candidates if b.index > last.index):
            if _announces_topics(last, [b for b in candidates if b.index > last.index], vocabulary):
                reading.role[last.index] = "label"
                body.pop()
                continue
        break
    for block in body:
        reading.role[block.index] = "body"
    # Topic labels outside the article (a side column) still say what the page is about.
    for block in candidates:
        if reading.role.get(block.index) == "outside":
            topics = _topic_line(block, vocabulary)
            if topics:
                reading.role[block.index] = "topic"
                reading.add_topics(block, topics)
    return body


def _header_texts(blocks: list[Block], reading: _Reading, body: list[Block]) -> list[str]:
    """Texts of the blocks between the title and the body, and of the body's first two."""
    header = [b.text for b in blocks if reading.role[b.index] in HEADER_ROLES]
    return header + [b.text for b in body[:2]]


def _topics_cue(reading: _Reading) -> str:
    kinds = sorted({reading.role.get(i, "") for i, _ in reading.topics})
    return f"{len(reading.topics)} topic label(s) in block(s) with role {', '.join(kinds)}"


# --- dates --------------------------------------------------------------------------------


def _block_date(block: Block) -> date | None:
    """The date a short block shows: its <time datetime> when it has one, else its text."""
    for time in block.element.iter("time"):
        shown = normalise_text(time.xpath("string()"))
        if time.get("datetime") and shown and shown in block.text:
            day = parse_date(time.get("datetime"))
            if day:
                return day
    return find_date(block.text)[0]


def _has_date_signs(block: Block) -> bool:
    return looks_date_like(block.text) or next(block.element.iter("time"), None) is not None


def _published_date(reading: _Reading, selector: Selector, cues: dict) -> date | None:
    meta_day, meta_name, meta_value = _date_from_meta(selector)
    if meta_name:
        reading.evidence.append(f"<meta {meta_name}>")
    if reading.dates:
        day, cue = reading.dates[0]
        cues["published_date"] = cue
        return day
    if meta_day:
        cues["published_date"] = f"meta tag {meta_name}"
        reading.date_raw = reading.date_raw or meta_value
    return meta_day


def _date_from_meta(selector: Selector) -> tuple[date | None, str | None, str | None]:
    for name in DATE_META:
        value = selector.xpath(
            "//meta[translate(@property, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            " = $n or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
            " = $n]/@content",
            n=name,
        ).get()
        if value:
            return parse_date(value), name, value
    return None, None, None


# --- body text, sections, links -----------------------------------------------------------


def _is_section_heading(block: Block) -> bool:
    return block.tag in ("h2", "h3", "h4", "h5") or (
        block.bold and block.text.endswith(":") and block.tag == "p"
    )


def _block_text(block: Block) -> str:
    return f"- {block.text}" if block.tag == "li" else block.text


def join_blocks(blocks: list[Block]) -> str:
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


def section_list(blocks: list[Block]) -> list[dict]:
    sections: list[dict] = []
    heading, members = "", []
    started = False
    for block in blocks:
        if _is_section_heading(block):
            if members or started:
                sections.append({"heading": heading, "text": join_blocks(members)})
            heading, members, started = block.text.rstrip(":").strip(), [], True
        else:
            members.append(block)
    if members or started:
        sections.append({"heading": heading, "text": join_blocks(members)})
    return sections


def web_links(blocks: list[Block]) -> list[str]:
    links: list[str] = []
    for block in blocks:
        for href, _ in block.links:
            if href.startswith(("http://", "https://")) and href not in links:
                links.append(href)
    return links


def canonical_slug(selector: Selector, base_url: str) -> str | None:
    for href in (
        selector.css('link[rel="canonical"]::attr(href)').get(),
        selector.css('meta[property="og:url"]::attr(content)').get(),
    ):
        if href:
            slug = case_study_slug(href, base_url)
            if slug:
                return slug
    return None
