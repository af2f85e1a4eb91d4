"""A case-study page read by the site's template: each field where the template places it;
a field it could not place is left to the per-page rules (detail.py), which say so."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casecrawl.parse.blocks import Block, contains
from casecrawl.parse.chrome import CHROME_IN_BODY, CHROME_SHARE
from casecrawl.parse.dates import find_partial_date
from casecrawl.parse.detail import clean_summary
from casecrawl.parse.paths import (
    PathChoice,
    chains_of,
    element_chain,
)
from casecrawl.parse.template.page import (
    CONTENT_SHARE,
    LABEL_SHARE,
    LISTING_SUMMARY,
    METADATA_SHARE,
    PLACE_DEPTH,
    SUMMARY_RECURS,
    TemplatePage,
    block_kind,
    same_text,
    summary_matches,
    topic_mentions,
)
from casecrawl.parse.template.site import SiteTemplate
from casecrawl.parse.vocabulary import TopicVocabulary

SENTENCE = 40  # a block this long, and found on few pages, is surely the body's own text
UNIQUE = 0.1  # 'few pages': a body's paragraphs are its own; a caption from a pool recurs


@dataclass
class TemplateReading:
    """The fields of one page as the template reads them, and where each came from."""

    title: str | None = None
    summary: str | None = None
    topics: list[str] = field(default_factory=list)
    published_date: date | None = None
    published_date_raw: str | None = None
    body: list[Block] = field(default_factory=list)
    cues: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    roles: dict[int, str] = field(default_factory=dict)  # block index -> role
    date_evidence: list[str] = field(default_factory=list)  # dates shown and not read
    topic_hrefs: dict[str, str] = field(default_factory=dict)  # topic -> its link
    # Fields whose learned path found nothing on this page: the page is not as the sample was.
    misses: list[str] = field(default_factory=list)


def _pick(choice: PathChoice | None, page: TemplatePage, candidates: list[int]) -> int | None:
    if choice is None:
        return None
    chosen = choice.select(candidates, page.chains)
    return chosen[0] if chosen else None


def read_title(page: TemplatePage, template: SiteTemplate, teaser, reading: TemplateReading):
    everything = [b.index for b in page.blocks]
    index = _pick(template.path("title"), page, everything)
    if index is None and template.path("title") is not None:
        reading.misses.append("the title (its path found nothing)")
    if index is not None:
        reading.cues["title"] = f"template path {template.paths['title'].path.css}"
        return page.blocks[index]
    # Not placed: the block the listing's title names (an h1 first), else the first h1.
    title = teaser.title if teaser else None
    named = [b for b in page.blocks if same_text(b.text, title)]
    h1s = [b for b in page.blocks if b.tag == "h1"]
    found = next((b for b in named if b.tag == "h1"), None) or (named or h1s or [None])[0]
    if found is not None:
        reading.cues["title"] = "the block the listing's title names" if named else "first h1"
    return found


def summary_candidates(
    page: TemplatePage, title: int, vocabulary: TopicVocabulary, template: SiteTemplate
) -> list[int]:
    """Blocks after the title that may be the summary: not a date line, a topic block, the
    series line, an image's caption or part of a related block, and nothing that recurs
    across pages (a byline, a photo credit, a reading time): a summary is the page's own."""
    taken = page.related | page.series | page.captions | {d.block.index for d in page.dates}
    taken |= set(topic_mentions(page, vocabulary))
    return [
        b.index
        for b in page.blocks
        if b.index > title
        and b.index not in taken
        and template.chrome_share(b) < SUMMARY_RECURS
        and template.label_share(b.text) < METADATA_SHARE  # 'Type: Case study | Audience: ...'
    ]


def _summary(page, template: SiteTemplate, teaser, title: int, vocabulary, reading):
    after = summary_candidates(page, title, vocabulary, template)
    choice = template.path("summary")
    listed = template.evidence.get("summary") == LISTING_SUMMARY
    if choice is not None:
        if listed and teaser is not None and not teaser.summary and choice.pick == "first":
            return None  # the listing shows none, and the path only says 'the first such block'
        index = _pick(choice, page, after)
        if index is None and choice.pick == "only" and teaser is not None and teaser.summary:
            # More than one block where the summary stands: the one the listing names.
            found = [i for i in after if choice.path.matches(page.chains[i])]
            named = [i for i in found if summary_matches(page.blocks[i].text, teaser.summary)]
            index = named[0] if len(named) == 1 else None
        if index is not None:
            reading.cues["summary"] = f"template path {choice.path.css}"
        return None if index is None else page.blocks[index]
    shown = teaser.summary if teaser else None
    if shown:
        for index in after:
            if summary_matches(page.blocks[index].text, shown):
                reading.cues["summary"] = "the block the listing's summary names"
                return page.blocks[index]
    return None


def _date(page: TemplatePage, template: SiteTemplate, title: Block | None, reading):
    """The publication date line: where the template says, never an update's date; else the
    date structured data gives; else none."""
    lines = [d for d in page.dates if d.block.index not in page.related]
    choice = template.path("published_date")
    chosen = None
    if choice is not None:
        index = _pick(choice, page, sorted({d.block.index for d in lines if not d.is_update}))
        chosen = next((d for d in lines if d.block.index == index and not d.is_update), None)
        if chosen:
            reading.cues["published_date"] = (
                f"template path {choice.path.css}, label {chosen.label!r}"
            )
    else:
        after = [
            d for d in lines if not d.is_update and (title is None or d.block.index > title.index)
        ]
        chosen = after[0] if after else None
        if chosen:
            reading.cues["published_date"] = f"first date line after the title {chosen.label!r}"
    if chosen is not None:
        reading.published_date, reading.published_date_raw = chosen.value, chosen.shown
        return chosen
    structured = page.structured
    if structured.published:
        reading.published_date = structured.published
        reading.published_date_raw = structured.published_raw
        reading.cues["published_date"] = f"structured data ({structured.sources['published']})"
    else:  # a date shown without its day ('Summer 2021'): kept as shown, no date given
        start = title.index if title is not None else -1
        reading.published_date_raw = next(
            (
                partial
                for b in page.blocks
                if b.index > start
                and b.index not in page.related
                and len(b.text) <= 200
                and (partial := find_partial_date(b.text))
            ),
            structured.published_raw,
        )
    reading.date_evidence = [d.block.text for d in lines if not d.is_update]
    return None


def _topic_blocks(page, template: SiteTemplate, vocabulary, reading) -> dict[int, list[str]]:
    mentions = topic_mentions(page, vocabulary)
    mentions = {
        i: names
        for i, names in mentions.items()
        if template.chrome_share(page.blocks[i]) < CHROME_IN_BODY
    }
    if template.topic_paths:
        mentions = {
            i: names
            for i, names in mentions.items()
            if any(p.path.matches(page.chains[i]) for p in template.topic_paths)
        }
        where = " | ".join(p.path.css for p in template.topic_paths)
    else:
        where = "topic labels outside chrome and related blocks"
    topics: list[str] = []
    for index in sorted(mentions):
        topics += mentions[index]
        for href, text in page.blocks[index].links:
            name = vocabulary.name_of_link(href, text)
            if name:
                reading.topic_hrefs.setdefault(name, href)
    reading.topics = list(dict.fromkeys(topics))
    if reading.topics:
        reading.cues["topics"] = f"{len(mentions)} block(s) of topic labels at {where}"
    return mentions


def _region(page: TemplatePage, template: SiteTemplate, reading: TemplateReading):
    """The content region the template locates on this page, or None (the whole page)."""
    choice = template.path("body_region")
    if choice is None:
        return None
    elements = region_candidates(page)
    chains = chains_of(elements, page.chain_memo)
    chosen = choice.select(elements, chains)
    if not chosen:
        reading.misses.append("the body's region (its path found nothing)")
    return chosen[0] if chosen else None


def _page_region(page: TemplatePage, template: SiteTemplate, separators: set[int], start: int):
    """The deepest element holding most of the page's own text after the title: not the
    fields, not related blocks, not chrome."""
    blocks = [
        b
        for b in page.blocks
        if b.index > start and b.index not in separators and template.chrome_share(b) < CHROME_SHARE
    ]
    return heaviest_element(blocks)


def heaviest_element(blocks: list[Block]):
    """The deepest element holding CONTENT_SHARE of the blocks' text, or None."""
    weights: dict = {}
    total = 0
    for block in blocks:
        weight = len(block.text)
        total += weight
        for element in (block.element, *block.element.iterancestors()):
            weights[element] = weights.get(element, 0) + weight
    if not total:
        return None
    heavy = [e for e, w in weights.items() if w >= CONTENT_SHARE * total]
    found = max(heavy, key=lambda e: sum(1 for _ in e.iterancestors()), default=None)
    return None if found is None or found.tag in ("body", "html") else found


def region_candidates(page: TemplatePage) -> list:
    """Every element holding a block: where a content region may be."""
    seen: dict = {}
    for block in page.blocks:
        for element in (block.element, *block.element.iterancestors()):
            if element in seen or not isinstance(element.tag, str):
                break
            if element.tag in ("body", "html"):
                break
            seen[element] = None
    return list(seen)


def _label_of_topics(page: TemplatePage, template: SiteTemplate, index: int) -> bool:
    """The short line standing over a topic block ('Topics', 'Filed under'), known by its
    place and because it recurs: it belongs to the topic block, not to the body."""
    block = page.blocks[index]
    short = len(block.text) <= 40 and not block.links and block.tag != "li"
    return short and template.chrome_share(block) >= LABEL_SHARE


def _body(page: TemplatePage, template: SiteTemplate, separators: set[int], title, reading):
    """The longest run of blocks between the fields, in the content region, less chrome."""
    region = _region(page, template, reading)
    start = title.index if title is not None else -1
    if region is None:  # no region learned (or found here): the one this page's text shows
        region = _page_region(page, template, separators, start)
    runs: list[list[Block]] = [[]]
    for block in page.blocks:
        if block.index <= start:
            continue
        if block.index in separators:
            runs.append([])
            continue
        if region is not None and not contains(region, block.element):
            runs.append([])
            continue
        runs[-1].append(block)
    # A short recurring line just before a topic block is that block's label.
    for run in runs:
        while (
            run
            and run[-1].index + 1 in separators
            and _label_of_topics(page, template, run[-1].index)
        ):
            if reading.roles.get(run[-1].index + 1) != "topic":
                break
            reading.roles[run[-1].index] = "label"
            run.pop()
    cleaned = [_from_a_body_place(_clean_run(page, template, run), template) for run in runs]
    # Where the sample's bodies stood: a run there wins over a longer one elsewhere (a short
    # body beside a long photo caption).
    placed = [run for run in cleaned if run and run_place(run) in template.body_places]
    body = max(
        placed or cleaned,
        key=lambda run: sum(len(b.text) for b in run if _content(b, template)),
    )
    learned = template.path("body_region")
    if (
        region is not None
        and learned is not None
        and learned.path.matches(element_chain(region, memo=page.chain_memo))
    ):
        where = f"in {learned.path.css}"
    else:
        where = "in the region holding most of the page's text" if region is not None else ""
    reading.cues["body_text"] = f"the longest run of blocks after the title {where}".strip()
    return body


def _heading_left_out(page: TemplatePage, template: SiteTemplate, reading) -> bool:
    """A heading standing right before the body, that is no field and no chrome: the body's
    first section heading was probably left out (a check of the reading on every page)."""
    if not reading.body or reading.body[0].index == 0:
        return False
    before = page.blocks[reading.body[0].index - 1]
    if before.index in reading.roles or template.chrome_share(before) >= CHROME_SHARE:
        return False
    return before.is_heading and not before.links


def _clean_run(page: TemplatePage, template: SiteTemplate, run: list[Block]) -> list[Block]:
    """A run of blocks less chrome, the header's label/value lines before it, and what
    stands at its ends in a kind of block no sample body was made of."""
    # Recurring text is chrome, unless it is a heading of a kind the body's headings are,
    # over text of its own (the section headings every case study has: 'Background').
    kinds = template.body_kinds
    body = [
        b
        for n, b in enumerate(run)
        if template.chrome_share(b) < CHROME_IN_BODY
        or (
            b.is_heading
            and block_kind(page, b) in kinds
            and n + 1 < len(run)
            and template.chrome_share(run[n + 1]) < CHROME_SHARE
        )
    ]
    # Nor does it end with a heading: a section heading has text of its own under it (a
    # footer's 'Contact us' over the site's address is chrome, heading and all).
    while body and (template.chrome_share(body[-1]) >= CHROME_SHARE or _heading_line(body[-1])):
        body.pop()
    while body and not body[0].is_heading and template.label_share(body[0].text) >= METADATA_SHARE:
        body.pop(0)
    if template.body_kinds and any(block_kind(page, b) in kinds for b in body):
        # (A page whose blocks are of no kind the sample knew, a page of broken markup say,
        # is not trimmed to nothing.)
        while body and block_kind(page, body[0]) not in kinds:
            body.pop(0)
        while body and block_kind(page, body[-1]) not in kinds:
            body.pop()
    return body


def _heading_line(block: Block) -> bool:
    """A heading, or a line set in bold that is no sentence."""
    return block.is_heading or (block.bold and not block.text.endswith((".", "!", "?")))


def _from_a_body_place(run: list[Block], template: SiteTemplate) -> list[Block]:
    """A run that reaches where the sample's bodies' paragraphs stand starts there, at a
    heading, or at a text the sample would have called the body's own (long enough, not
    recurring): a short or recurring paragraph before it (a byline, a caption) stands
    elsewhere, but an opening paragraph set apart from the sections is the body's, in a
    place the sample may not have shown often enough to learn."""
    places = template.body_places
    if not places or not any(run_place([b]) in places for b in run):
        return run
    while (
        not run[0].is_heading
        and run_place(run) not in places
        and not (len(run[0].text) >= SENTENCE and template.chrome_share(run[0]) <= UNIQUE)
    ):
        run = run[1:]
    return run


def run_place(run: list[Block]) -> tuple:
    """Where a run of blocks stands: the whole path of its first block's parent."""
    parent = run[0].element.getparent()
    return element_chain(parent, depth=PLACE_DEPTH) if parent is not None else ()


def _content(block: Block, template: SiteTemplate) -> bool:
    return template.chrome_share(block) < CHROME_SHARE


def read_case_study(
    page: TemplatePage, template: SiteTemplate, teaser, vocabulary: TopicVocabulary
) -> TemplateReading:
    """One page's fields as the template places them (per-page readings where it does not)."""
    reading = TemplateReading()
    title = read_title(page, template, teaser, reading)
    separators: set[int] = set(page.related) | page.series | page.in_page | page.captions
    if title is not None:
        reading.title = title.text
        reading.roles[title.index] = "title"
        separators.add(title.index)
    summary = _summary(page, template, teaser, title.index if title else -1, vocabulary, reading)
    if summary is not None:
        reading.summary = clean_summary(summary.text) or None
        reading.roles[summary.index] = "summary"
        separators.add(summary.index)
    line = _date(page, template, title, reading)
    for other in page.dates:
        if other is line or other.is_update:
            separators.add(other.block.index)
            reading.roles[other.block.index] = "date" if other is line else "updated"
    for index in _topic_blocks(page, template, vocabulary, reading):
        separators.add(index)
        reading.roles[index] = "topic"
    for index in page.related:
        reading.roles[index] = "related"
    for index in page.series:
        reading.roles[index] = "series"
    reading.body = _body(page, template, separators, title, reading)
    for block in reading.body:
        reading.roles[block.index] = "body"
    if _heading_left_out(page, template, reading):
        reading.misses.append("the heading just before the body")
    for block in page.blocks:
        if block.index not in reading.roles:
            reading.roles[block.index] = (
                "chrome" if template.chrome_share(block) >= CHROME_SHARE else "outside"
            )
    return reading


# --- learning the template from a sample -------------------------------------------------
