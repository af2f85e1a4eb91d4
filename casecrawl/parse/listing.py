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
from datetime import date

from parsel import Selector

from casecrawl.parse.blocks import Block, contains, item_root, page_blocks
from casecrawl.parse.dates import find_date
from casecrawl.parse.filters import BRACKETED, FilterOption, filter_options
from casecrawl.parse.paths import ROW_CLASS_TOKEN, element_level, stable_level
from casecrawl.parse.topics import is_bare_topic_label, view_all_topic
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
    # Loose teasers with no evidence whether labels stand above or below their titles: the
    # label is ambiguous, and the other reading gives this one (the cross-check accepts either).
    topic_ambiguous: bool = False
    topic_alternative: str | None = None
    topic_href: str | None = None  # where the topic label links to (the topic's page)
    date: date | None = None  # the date the teaser shows, if any
    # Every block of the teaser as (path inside it, text, links), for the teaser template.
    parts: tuple = ()


@dataclass
class ListingPage:
    """What a listing page says: its total, teasers, pager links and filter names."""

    url: str
    total: int | None
    teasers: list[Teaser]
    pager_links: dict[int, str]  # page number -> URL, for links of the same listing
    topics: list[str] = field(default_factory=list)
    support_types: list[str] = field(default_factory=list)
    options: list[FilterOption] = field(default_factory=list)  # with IDs, from the form
    # Texts every page of the site shows (menu, intro, footer): furniture on case-study pages.
    boilerplate: frozenset[str] = frozenset()
    problems: list[str] = field(default_factory=list)  # cues that failed on this page


def parse_listing_page(
    page: str | Selector, url: str, base_url: str, vocabulary: frozenset[str] = frozenset()
) -> ListingPage:
    """Read a listing page; `vocabulary` holds topic names known so far (for bare labels)."""
    selector = page if isinstance(page, Selector) else Selector(text=page)
    blocks = page_blocks(selector, url)
    problems: list[str] = []
    count_index, total = _find_total(blocks)
    if total is None:
        problems.append("count_sentence")
    options = filter_options(selector, url)
    filters = _filter_names(blocks, count_index)
    if options:  # the form's options, with their IDs, name them best
        filters = {
            "topics": [o.name for o in options if o.kind == "topic"],
            "support_types": [o.name for o in options if o.kind == "support_type"],
        }
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
        options=options,
        boilerplate=_boilerplate(blocks, teasers, vocabulary, base_url),
        problems=problems,
    )


def _boilerplate(
    blocks: list[Block], teasers: list[Teaser], vocabulary: frozenset[str], base_url: str
) -> frozenset[str]:
    """The listing's texts that are not about its case studies: what the site shows on every
    page. Teaser titles, summaries and labels, topic names, the count and links to case
    studies are left out, so that no case study's own text can be taken for furniture."""
    teaser_texts = [t for teaser in teasers for t in (teaser.title, teaser.summary) if t]
    return frozenset(
        block.text
        for block in blocks
        if len(block.text) >= 4
        and not COUNT_SENTENCE.search(block.text)
        and not _is_label(block.text, vocabulary)
        and not any(case_study_slug(href, base_url) for href, _ in block.links)
        and not any(block.text in text for text in teaser_texts)
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
        elif current and _is_filter_option(block):
            if not block.text.startswith("- All"):
                names[current].append(block.text)
        else:
            current = None  # the options have ended (the teasers may follow: count below them)
    return names


def _is_filter_option(block: Block) -> bool:
    """An option of the filter form: an <option>, a checkbox's <label>, or a facet link to a
    filtered listing; a short list item without links."""
    if block.tag in ("option", "label"):
        return True
    if block.links:
        return all(listing_query(href) is not None for href, _ in block.links)
    return block.tag == "li" and len(block.text) <= 80


def _title_links(blocks: list[Block], base_url: str) -> list[tuple]:
    """(block, slug, href, title) of each teaser's title link, one per case study, in order.

    Teasers repeat one structure (the tag path of the title link) and stand together; a menu
    or related block of case-study links does not, or stands apart: between runs of equal
    size, the one nearest the count sentence wins.
    """
    candidates = [
        (block, slug, href, text)
        for block in blocks
        if not block.furniture
        for href, text in block.links[:1]
        if (slug := case_study_slug(href, base_url))
        and _is_title_link(block, text)
        and not READ_MORE.match(text)
    ]
    if not candidates:
        return []
    groups: dict[tuple, list] = defaultdict(list)
    for candidate in candidates:
        groups[_signature(candidate[0])].append(candidate)
    runs = [run for group in groups.values() for run in _runs(group, blocks)]
    count = [i for i, b in enumerate(blocks) if COUNT_SENTENCE.search(b.text)]
    place = {id(b): i for i, b in enumerate(blocks)}

    def distance(run) -> int:
        spots = [place[id(c[0])] for c in run]
        return min((abs(s - c) for s in spots for c in count), default=0)

    titles = max(runs, key=lambda run: (len({c[1] for c in run}), -distance(run)))
    # One per case study: of the blocks a card's one link covers (eyebrow, title, summary),
    # the heading; else the first.
    chosen: dict[str, tuple] = {}
    for candidate in titles:
        slug = candidate[1]
        if slug not in chosen or (candidate[0].is_heading and not chosen[slug][0].is_heading):
            chosen[slug] = candidate
    return list(chosen.values())


def _teasers(blocks: list[Block], base_url: str, vocabulary: frozenset[str]) -> list[Teaser]:
    titles = _title_links(blocks, base_url)
    if not titles:
        return []
    # A teaser's wrapper holds no other teaser, nor the count or the page title (one teaser
    # alone on a page would otherwise take the whole page for its wrapper).
    bounds = [b.element for b in blocks if b.tag == "h1" or COUNT_SENTENCE.search(b.text)]
    roots = [
        item_root(c[0].element, [t[0].element for t in titles if t is not c] + bounds)
        if len(titles) > 1
        else c[0].element  # alone, nothing shows where its wrapper ends: read it loose
        for c in titles
    ]
    parts, lead = _teaser_parts(blocks, [c[0] for c in titles], roots, base_url)
    eyebrows = _labels_lead(parts, lead, vocabulary)
    placed = _place_labels(parts, lead, bool(eyebrows), vocabulary)
    # Without evidence either way, keep the other reading too: the cross-check accepts either.
    other = _place_labels(parts, lead, True, vocabulary) if eyebrows is None else placed
    teasers = []
    for position, (block, slug, href, title) in enumerate(titles):
        (labels, below), (other_labels, _) = placed[position], other[position]
        rest = block.text[len(title) :].strip() if block.text.startswith(title) else ""
        texts = ([rest] if rest else []) + [b.text for b in below]
        summary, topic = _summary_and_topic(texts + labels, vocabulary)
        alternative = _summary_and_topic(texts + other_labels, vocabulary)[1]
        above, below_all = parts[position]
        teasers.append(
            Teaser(
                slug,
                href,
                title,
                summary,
                topic,
                position,
                topic_ambiguous=eyebrows is None,
                topic_alternative=alternative,
                topic_href=_label_href(below_all + above, topic),
                parts=teaser_parts(
                    [*above, block, *below_all], roots[position], block, title, vocabulary
                ),
            )
        )
    return teasers


def _label_href(blocks: list[Block], topic: str | None) -> str | None:
    """Where the teaser's topic label links to (the topic's page), if it is a link."""
    if topic is None:
        return None
    for block in blocks:
        for href, text in block.links:
            if view_all_topic(text) == topic or text == topic:
                return href
    return None


def _part_nature(text: str, vocabulary: frozenset[str]) -> str:
    """'date', 'label' or 'text': what a teaser part plainly is."""
    day, label = find_date(text)
    if day is not None and (label is None or len(label.split()) <= 3):
        return "date"
    return "label" if _is_label(text, vocabulary) else "text"


def teaser_parts(
    blocks: list[Block], root, title: Block, title_text: str, vocabulary: frozenset[str]
) -> tuple:
    """Each block of a teaser as (path inside the teaser, text, (href, text) links): what the
    teaser template learns roles for. The title block's own text after its title link is a
    part of its own (a summary run on after the title)."""
    found = []
    side = "before"
    counted: dict[tuple, int] = {}
    for block in blocks:
        if block is title:
            side = "after"
        # Where it stands against the title, and among parts of the same markup, tells an
        # eyebrow from a summary written alike.
        own = (*_relative_path(block.element, root), ("#side", frozenset({side})))
        # Counted apart by what they say: an optional date before the title does not shift
        # the title's place among the teaser's paragraphs.
        nature = _part_nature(block.text, vocabulary)
        counted[own, nature] = counted.get((own, nature), -1) + 1
        path = (*own, ("#nth", frozenset({f"{nature}-{counted[own, nature]}"})))
        links = tuple(block.links)
        if block is title:
            found.append((path, title_text, links[:1]))
            rest = (
                block.text[len(title_text) :].strip() if block.text.startswith(title_text) else ""
            )
            if rest:
                found.append((path + (("#rest", frozenset()),), rest, links[1:]))
            continue
        found.append((path, block.text, links))
    return tuple(found)


def _relative_path(element, root) -> tuple:
    """The element's levels up to the teaser's wrapper (its own level when it is the wrapper)."""
    levels = [_stable_level(element)]
    for ancestor in element.iterancestors():
        if ancestor is root or root is element or len(levels) >= 4:
            break
        levels.append(_stable_level(ancestor))
    return tuple(levels)


def _stable_level(element) -> tuple:
    """An element's level less the classes that change from row to row (views-row-3, odd)."""
    return stable_level(element_level(element), numbered=False)


def _place_labels(parts, lead, eyebrows: bool, vocabulary: frozenset[str]):
    """Per teaser: its topic label texts, and its blocks below the title less the labels."""
    placed = []
    for position, (above, below) in enumerate(parts):
        if eyebrows:
            # A loose eyebrow stands at the end of the previous teaser (or before the first).
            loose = lead if position == 0 else parts[position - 1][1]
            if not above and loose and _is_label(loose[-1].text, vocabulary):
                above = loose[-1:]
            labels = [b.text for b in above if _is_label(b.text, vocabulary)]
            if position + 1 < len(parts):  # labels just before the next title are its own
                below = [b for b in below if not _is_label(b.text, vocabulary)]
        else:
            labels = [b.text for b in below if _is_label(b.text, vocabulary)]
            below = [b for b in below if not _is_label(b.text, vocabulary)]
        placed.append((labels, below))
    return placed


PAGE_NUMBER = re.compile(r"^[\d\s|‹›«»<>….]+$")
TEASER_GAP = 10  # blocks a teaser may hold besides its title (summary, label, read more...)


def _runs(group: list, blocks: list[Block]) -> list[list]:
    """A group of look-alike title links split where they stand far apart: teasers stand
    together, and a menu of case-study links with the same markup stands elsewhere."""
    place = {id(b): i for i, b in enumerate(blocks)}
    runs: list[list] = []
    for candidate in group:
        at = place[id(candidate[0])]
        if runs and at - place[id(runs[-1][-1][0])] <= TEASER_GAP:
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    return runs


def _is_label(text: str, vocabulary: frozenset[str]) -> bool:
    return bool(view_all_topic(text) or is_bare_topic_label(text, vocabulary))


def _teaser_parts(blocks, title_blocks, roots, base_url):
    """For each teaser: the blocks above its title inside its wrapper, and the blocks below it
    (in its wrapper, or loose up to the next teaser); plus loose blocks before the first title.

    After the last teaser nothing marks where the list ends, so it takes as many loose blocks
    as the teasers before it did (two when it is alone): no footer runs into its summary.
    """
    places = [next(i for i, b in enumerate(blocks) if b is t) for t in title_blocks]
    parts, loose_counts = [], []
    for n, (title, root, place) in enumerate(zip(title_blocks, roots, places, strict=True)):
        above = [
            b for b in blocks[:place] if root is not title.element and contains(root, b.element)
        ]
        below, loose = [], 0
        end = places[n + 1] if n + 1 < len(places) else len(blocks)
        for other in blocks[place + 1 : end]:
            if other.furniture or _is_pager(other) or COUNT_SENTENCE.search(other.text):
                break
            if any(contains(r, other.element) for r in roots if r is not root):
                continue  # the next teaser's eyebrow, inside its wrapper
            if READ_MORE.match(other.text) and all(
                case_study_slug(h, base_url) == case_study_slug(title.links[0][0], base_url)
                for h, _ in other.links
            ):
                continue
            if not contains(root, other.element):
                loose += 1
                last = n + 1 == len(places)
                if last and (loose > max(loose_counts, default=2) or _ends_list(other, title)):
                    break
            below.append(other)
        loose_counts.append(loose)
        parts.append((above, below))
    lead = []
    for other in reversed(blocks[: places[0]]):
        if other.furniture or other.is_heading or COUNT_SENTENCE.search(other.text):
            break
        lead.insert(0, other)
    return parts, lead


def _ends_list(block: Block, title: Block) -> bool:
    """What follows a list of teasers: a link elsewhere than the teaser or a topic, a page number."""
    own = title.links[0][0]
    if any(h != own and not view_all_topic(t) for h, t in block.links):
        return True
    return bool(PAGE_NUMBER.match(block.text))


def _labels_lead(parts, lead, vocabulary: frozenset[str]) -> bool | None:
    """Whether this listing shows topic labels above titles (eyebrows) rather than below.

    Evidence: a label inside a teaser's wrapper above or below its title, a loose label just
    before the first title, or one closing the last teaser. None without evidence: site-notes
    put the label below the summary, so labels are then read as closing their teaser.
    """
    above = sum(1 for a, _ in parts if any(_is_label(x.text, vocabulary) for x in a))
    above += int(bool(lead) and _is_label(lead[-1].text, vocabulary))
    below = sum(
        1
        for (a, b), nxt in zip(parts, parts[1:] + [None], strict=True)
        if b and _is_label(b[-1].text, vocabulary) and (nxt is None or a)
    )
    if above == below == 0:
        return None
    return above > 0 and below == 0


def _is_title_link(block: Block, link_text: str) -> bool:
    """A title link carries (nearly) all of its block's text, or leads it (a summary runs on)."""
    if not link_text:
        return False
    return len(link_text) >= 0.8 * len(block.text) or (
        block.text.startswith(link_text) and len(link_text) >= 8
    )


def _signature(block: Block) -> tuple:
    """Tag path of the title link with class names, less the tokens that differ from row to row
    (views-row-3, odd). From the link, not the block: a teaser's title and summary glued inside
    one card link split into two blocks, one without a summary does not."""
    link = next(block.element.iter("a"), None)
    if link is None:
        link = next(block.element.iterancestors("a"), block.element)
    chain = [link, *list(link.iterancestors())[:4]]
    return tuple(
        (
            e.tag,
            " ".join(t for t in (e.get("class") or "").split() if not ROW_CLASS_TOKEN.search(t)),
        )
        for e in chain
    )


def _is_pager(block: Block) -> bool:
    """Links to other pages of a listing; a link to a listing filtered on one topic (a
    teaser's topic label) is not one."""
    return bool(block.links) and all(
        listing_query(href) is not None and not _is_facet_link(href) for href, _ in block.links
    )


def _is_facet_link(href: str) -> bool:
    query = listing_query(href) or ()
    return any(BRACKETED.match(key) for key, _ in query) and "page=" not in href


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
    if topic is None and not vocabulary and len(kept) >= 2 and len(kept[-1]) <= 60:
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
