"""Parse a listing page: reported total, teasers, pager links, filter vocabularies.

Cues (site-notes): the sentence "Your search returned N results"; each teaser's
title is the link to /case-studies/<slug>; its summary follows; a topic label
("View all<Topic> articles" or a bare topic name) may close it; pager links are
listing URLs with `page=N`. Teasers come after the count sentence and share one
structure, which tells them apart from case-study links in menus or side blocks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from parsel import Selector

from casecrawl.pages.blocks import Block, contains, page_blocks
from casecrawl.pages.topics import is_bare_topic_label, view_all_topic
from casecrawl.urls import case_study_slug, listing_page_number, listing_query

COUNT_SENTENCE = re.compile(r"Your search returned\s+(?P<n>[\d,]+)\s+results?", re.IGNORECASE)
FILTER_HEADINGS = {"filter by topics": "topics", "filter by support type": "support_types"}
TERMINAL_PUNCTUATION = (".", "!", "?", ":", ";", ",")
READ_MORE = re.compile(
    r"^(read more|read the case study|find out more|more|continue reading)\b|[›»→]$", re.I
)


@dataclass
class Teaser:
    """One case study as a listing page shows it."""

    slug: str
    href: str
    title: str
    summary: str | None
    topic: str | None
    position: int  # 0-based place on the page


@dataclass
class ListingPage:
    """What a listing page says: its total, teasers, pager links and filter names."""

    url: str
    total: int | None
    teasers: list[Teaser]
    pager_links: dict[int, str]  # page number -> URL, for links of the same listing
    topics: list[str] = field(default_factory=list)
    support_types: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cues that failed on this page


def parse_listing_page(
    page: str | Selector, url: str, base_url: str, vocabulary: frozenset[str] = frozenset()
) -> ListingPage:
    """Read a listing page; `vocabulary` holds topic names known so far (for bare labels)."""
    blocks = page_blocks(page, url)
    problems: list[str] = []
    count_index, total = _find_total(blocks)
    if total is None:
        problems.append("count_sentence")
    filters = _filter_names(blocks, count_index)
    vocabulary = vocabulary | frozenset(filters["topics"])
    # Teasers follow the count sentence; if none do (the count moved below them), look everywhere.
    teasers = _teasers(blocks[count_index + 1 :], base_url, vocabulary) if count_index >= 0 else []
    if not teasers:
        teasers = _teasers(blocks, base_url, vocabulary)
    if total and not teasers:
        problems.append("teaser_links")
    return ListingPage(
        url=url,
        total=total,
        teasers=teasers,
        pager_links=_pager_links(blocks, url),
        topics=filters["topics"],
        support_types=filters["support_types"],
        problems=problems,
    )


def _find_total(blocks: list[Block]) -> tuple[int, int | None]:
    for block in blocks:
        match = COUNT_SENTENCE.search(block.text)
        if match:
            return block.index, int(match.group("n").replace(",", ""))
    return -1, None


def _filter_names(blocks: list[Block], count_index: int) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {"topics": [], "support_types": []}
    current = None
    for block in blocks[: count_index if count_index >= 0 else len(blocks)]:
        key = FILTER_HEADINGS.get(block.text.casefold())
        if key:
            current = key
        elif current and block.is_heading:
            current = None
        elif current and (block.tag in ("option", "label", "li") or block.links):
            if not block.text.startswith("- All"):
                names[current].append(block.text)
    return names


def _teasers(blocks: list[Block], base_url: str, vocabulary: frozenset[str]) -> list[Teaser]:
    candidates = [
        (block, slug, href, text)
        for block in blocks
        if not block.furniture
        for href, text in block.links
        if (slug := case_study_slug(href, base_url)) and _is_title_link(block, text)
    ]
    if not candidates:
        return []
    # Teasers repeat one structure; a menu or related block with case-study links does not.
    groups: dict[tuple, list] = defaultdict(list)
    for candidate in candidates:
        groups[_signature(candidate[0])].append(candidate)
    titles = max(groups.values(), key=len)
    seen: set[str] = set()
    titles = [c for c in titles if not (c[1] in seen or seen.add(c[1]))]
    title_blocks = {id(c[0]) for c in titles}
    roots = [_item_root(c[0].element, [t[0].element for t in titles if t is not c]) for c in titles]
    positions = {id(b): n for n, b in enumerate(blocks)}
    teasers = []
    for position, ((block, slug, href, title), root) in enumerate(zip(titles, roots, strict=True)):
        following = []
        place = positions[id(block)]
        for other in blocks[place + 1 :]:
            if id(other) in title_blocks or other.furniture or _is_pager(other):
                break
            if root is not block.element and not contains(root, other.element):
                break
            if READ_MORE.match(other.text) and all(
                case_study_slug(h, base_url) == slug for h, _ in other.links
            ):
                continue
            following.append(other)
        # A wrapped teaser may show its topic label above the title, as an eyebrow.
        above = []
        if root is not block.element:
            above = [
                b.text
                for b in blocks[:place]
                if contains(root, b.element)
                and (view_all_topic(b.text) or is_bare_topic_label(b.text, vocabulary))
            ]
        summary, topic = _summary_and_topic(above + [b.text for b in following], vocabulary)
        teasers.append(Teaser(slug, href, title, summary, topic, position))
    return teasers


def _is_title_link(block: Block, link_text: str) -> bool:
    """A title link carries (nearly) all of its block's text; a link inside prose does not."""
    return bool(link_text) and len(link_text) >= 0.8 * len(block.text)


ROW_CLASS_TOKEN = re.compile(r"(^|[-_])(odd|even|first|last|active)$|\d")


def _signature(block: Block) -> tuple:
    """Tag path with class names, less the tokens that differ from row to row (views-row-3, odd)."""
    chain = [block.element, *list(block.element.iterancestors())[:4]]
    return tuple(
        (
            e.tag,
            " ".join(t for t in (e.get("class") or "").split() if not ROW_CLASS_TOKEN.search(t)),
        )
        for e in chain
    )


def _item_root(title_element, other_titles):
    """The largest ancestor of a title holding no other teaser title: the teaser's wrapper."""
    root = title_element
    for ancestor in title_element.iterancestors():
        if ancestor.tag in ("body", "html") or any(contains(ancestor, o) for o in other_titles):
            break
        root = ancestor
    return root


def _is_pager(block: Block) -> bool:
    return bool(block.links) and all(listing_query(href) is not None for href, _ in block.links)


def _summary_and_topic(texts: list[str], vocabulary: frozenset[str]):
    topic = None
    kept = []
    for text in texts:
        label = view_all_topic(text)
        if label:
            topic = topic or label
        elif is_bare_topic_label(text, vocabulary):
            topic = topic or text
        else:
            kept.append(text)
    # Without a known vocabulary, a short unpunctuated last line after a summary is a bare label.
    if topic is None and len(kept) >= 2 and len(kept[-1]) <= 60:
        if not kept[-1].endswith(TERMINAL_PUNCTUATION):
            topic = kept.pop()
    return (" ".join(kept) or None), topic


def _pager_links(blocks: list[Block], url: str) -> dict[int, str]:
    own_query = listing_query(url)
    links: dict[int, str] = {}
    for block in blocks:
        for href, _ in block.links:
            if listing_query(href) == own_query and "page=" in href:
                links.setdefault(listing_page_number(href), href)
    return links
