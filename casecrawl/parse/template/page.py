"""A case-study page as the template reads it: its blocks and their paths, its date lines,
its related and topic blocks, and the text comparisons learning and reading share."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag

from parsel import Selector

from casecrawl.parse.blocks import Block, normalise_text, page_blocks
from casecrawl.parse.datelines import DateLine, date_lines
from casecrawl.parse.detail import ELLIPSIS
from casecrawl.parse.metadata import INLINE_PAIR, PAIR_SEPARATORS
from casecrawl.parse.paths import (
    ElementPath,
    element_chain,
    stable_level,
)
from casecrawl.parse.related import find_related_blocks
from casecrawl.parse.structured import StructuredData, read_structured_data
from casecrawl.parse.topics import bare_topics, view_all_topic
from casecrawl.parse.vocabulary import TopicVocabulary
from casecrawl.urls import case_study_slug

TEMPLATE_VERSION = 1
FIELDS = ("title", "summary", "published_date", "topics", "body")
LEARNED = 0.8  # a path is kept when it picks the right element on this share of the sample
TOPIC_BLOCK = 200  # a block of topic labels (perhaps with other metadata) is short
CONTENT_SHARE = 0.8  # the content region holds this share of the page's own text
# A text on this share of pages is no page's own summary (a reading time, a stock byline);
# summaries drawn from a few stock texts recur on some pages of a site too.
SUMMARY_RECURS = 0.5
LABEL_SHARE = 0.6  # a short line over a topic block that recurs this much is its label
# A 'Label: value' line before the body whose label recurs this much is the header's metadata.
METADATA_SHARE = 0.1
PLACE_DEPTH = 16  # levels of a body's place: up to the page's root on any real site
SERIES_LINE = re.compile(r"^This case study is part of\b", re.IGNORECASE)  # site-notes' cue
LISTING_SUMMARY = "listing's summary"
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def same_text(a: str | None, b: str | None) -> bool:
    """Equal once whitespace, quotes, dashes and case are folded."""
    if a is None or b is None:
        return False
    return (
        normalise_text(a).translate(QUOTES).casefold()
        == normalise_text(b).translate(QUOTES).casefold()
    )


def summary_matches(text: str, shown: str, extras: bool = True) -> bool:
    """A page text is the summary a teaser shows: the same, or longer when the teaser is cut
    short ('...'), or (`extras`) the same with the teaser's own extras around it (a date, a
    label)."""
    page = normalise_text(text).translate(QUOTES).casefold()
    teaser = normalise_text(shown).translate(QUOTES).casefold()
    if not page or not teaser:
        return False
    stem = ELLIPSIS.sub("", teaser)
    if page == teaser or (stem != teaser and len(stem) >= 20 and page.startswith(stem)):
        return True
    return extras and len(page) >= 40 and page in teaser and len(page) >= 0.6 * len(teaser)


# --- a page as the template reads it ---------------------------------------------------------


class TemplatePage:
    """A case-study page read once: its blocks and their paths, its date lines, its related
    blocks, and (on demand) its structured data."""

    def __init__(self, page: str | Selector, url: str, base_url: str):
        self.url = url
        self.base_url = base_url
        self.selector = page if isinstance(page, Selector) else Selector(text=page)
        self.blocks: list[Block] = page_blocks(self.selector, url)
        self.mentions: tuple | None = None  # (vocabulary, topic_mentions of it)
        self.chain_memo: dict = {}  # element -> its chain, shared by every path asked of it
        self.chains = {b.index: element_chain(b.element, memo=self.chain_memo) for b in self.blocks}
        for block in self.blocks:  # where a text stands, for telling chrome from content
            block.place = _place_css(block_kind(self, block))
        self.slug = case_study_slug(url, base_url)
        self.dates: list[DateLine] = date_lines(self.blocks)
        related = find_related_blocks(self.blocks, self.slug, base_url)
        self.related: set[int] = {p for r in related for p in r.positions}
        self.series: set[int] = {b.index for b in self.blocks if SERIES_LINE.match(b.text)}
        # Links to places on this very page ('On this page' contents, skip and top links).
        self.in_page: set[int] = {b.index for b in self.blocks if _in_page_links(b, url)}
        # An image's caption or credit: in its <figure>, or right under the image.
        self.captions: set[int] = {b.index for b in self.blocks if _captions_an_image(b)}
        self._structured: StructuredData | None = None

    @property
    def structured(self) -> StructuredData:
        if self._structured is None:
            self._structured = read_structured_data(self.selector, self.url)
        return self._structured

    def texts(self) -> list[str]:
        return [b.text for b in self.blocks]


@lru_cache(maxsize=1 << 12)
def _place_css(kind: tuple) -> str:
    return ElementPath(kind).css


def block_kind(page: TemplatePage, block: Block) -> tuple:
    """A block's kind: its tag and its parent's, with their classes (less row classes and
    ids, which name one element each: 'h2#the-impact')."""
    return tuple(
        (tag, frozenset(n for n in names if not n.startswith("#")))
        for tag, names in (stable_level(lv, False) for lv in page.chains[block.index][:2])
    )


def _captions_an_image(block: Block) -> bool:
    """A block in a <figure> with an image, or one standing right after an image."""
    for ancestor in block.element.iterancestors():
        if ancestor.tag == "figure":
            return ancestor.find(".//img") is not None or ancestor.find(".//picture") is not None
    previous = block.element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None or (previous.tail or "").strip():
        return False
    # Right under an image, or under an element that holds an image and no text.
    if previous.tag in ("img", "picture"):
        return True
    has_image = previous.find(".//img") is not None or previous.find(".//picture") is not None
    return has_image and not normalise_text(previous.xpath("string()"))


def _in_page_links(block: Block, url: str) -> bool:
    """A block that is only links to fragments of the page itself."""
    if not block.links:
        return False
    here = urldefrag(url)[0]
    if any(not (urldefrag(h)[1] and urldefrag(h)[0] in (here, "")) for h, _ in block.links):
        return False
    return len("".join(t for _, t in block.links)) >= 0.8 * len(block.text.replace(" ", ""))


def topic_mentions(page: TemplatePage, vocabulary: TopicVocabulary) -> dict[int, list[str]]:
    """Blocks made of topic labels only (links whose texts or targets are topics, or bare
    names), outside related blocks: block index -> topic names in order (read once a page
    and vocabulary: do not change the dict)."""
    cached = page.mentions
    if cached is None or cached[0] is not vocabulary:
        page.mentions = cached = (vocabulary, _topic_mentions(page, vocabulary))
    return cached[1]


def _topic_mentions(page: TemplatePage, vocabulary: TopicVocabulary) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for block in page.blocks:
        if block.index in page.related or len(block.text) > TOPIC_BLOCK or block.is_heading:
            continue
        if block.links:
            names = [vocabulary.name_of_link(href, text) for href, text in block.links]
            if not all(names):
                continue
            rest = block.text
            for _, text in block.links:
                rest = rest.replace(text, " ", 1)
            # Only separators, or labels ('Topics:', 'Type: Case study | Theme:').
            if not _only_labels(normalise_text(rest)):
                continue
        else:
            single = view_all_topic(block.text)
            names = [vocabulary.canonical(single)] if single else None
            names = (
                names
                or bare_topics(block.text, vocabulary.names)
                or _pair_topics(block, vocabulary)
            )
            if not names:
                continue
        found[block.index] = list(dict.fromkeys(n for n in names if n))
    return found


def _only_labels(rest: str) -> bool:
    """Whether what a block says besides its links is separators and labels only."""
    parts = [p.strip(" ,;|/•·–-") for p in PAIR_SEPARATORS.split(rest)]
    parts = [p for p in parts if p]
    if not parts:
        return True
    *pairs, last = parts
    return last.endswith(":") and len(last) <= 30 and all(INLINE_PAIR.match(p) for p in pairs)


def _pair_topics(block: Block, vocabulary: TopicVocabulary) -> list[str]:
    """Topic names as a value of a 'Label: value' line ('Type: Case study | Theme: Housing')."""
    names: list[str] = []
    for part in PAIR_SEPARATORS.split(block.text):
        match = INLINE_PAIR.match(part.strip())
        if match:
            names += bare_topics(match["value"], vocabulary.names) or []
    return names
