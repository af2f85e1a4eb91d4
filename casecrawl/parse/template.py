"""The site's template, learned from the site's own evidence: where each field lives on its
case-study pages, and what on them is chrome.

A sample of case-study pages spread across the listing is read against what the listing
says of each (title, summary, perhaps shortened, date, topic label) and what the pages say
of themselves in structured data. Each field is generalised to the element path that picks
it on nearly every sample page (paths.py); text that recurs on many pages is chrome
(chrome.py); topics are the blocks of links whose texts or targets are the filter form's
topics, where the sample finds them; the body is the longest run of blocks in the content
region the sample locates, less chrome and the fields already taken. `read_case_study`
applies the template to any page of the site; a field the sample could not place is read by
the per-page rules of detail.py instead, and says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urldefrag

from parsel import Selector

from casecrawl.parse.blocks import Block, contains, normalise_text, page_blocks
from casecrawl.parse.chrome import CHROME_IN_BODY, CHROME_SHARE, RepeatedTexts
from casecrawl.parse.datelines import DateLine, date_lines
from casecrawl.parse.dates import find_partial_date
from casecrawl.parse.metadata import INLINE_PAIR, PAIR_SEPARATORS
from casecrawl.parse.paths import (
    ElementPath,
    Example,
    PathChoice,
    chains_of,
    element_chain,
    learn_path,
    propose_paths,
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
ELLIPSIS = re.compile(r"\s*(\.\.\.|…)$")
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
        self.chains = {b.index: element_chain(b.element) for b in self.blocks}
        for block in self.blocks:  # where a text stands, for telling chrome from content
            block.place = ElementPath(block_kind(self, block)).css
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
    names), outside related blocks: block index -> topic names in order."""
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


# --- the template ------------------------------------------------------------------------


@dataclass
class SiteTemplate:
    """Per field, the learned path and its sample agreement; the chrome; what was not placed."""

    paths: dict[str, PathChoice] = field(default_factory=dict)  # title, summary, date, body
    topic_paths: list[PathChoice] = field(default_factory=list)
    # The kinds of block (tag and parent, with classes) the sample's bodies are made of.
    body_kinds: set[tuple] = field(default_factory=set)
    # Where the sample's bodies' paragraphs stand (their parent's whole path).
    body_places: set[tuple] = field(default_factory=set)
    chrome: RepeatedTexts | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> what the sample matched
    unplaced: dict[str, str] = field(default_factory=dict)  # field -> why it is not placed
    notes: dict[str, str] = field(default_factory=dict)  # field -> what the sample did not show
    sample: list[str] = field(default_factory=list)  # the sample's URLs
    teaser: object | None = None  # the teasers' template (teasers.TeaserTemplate), if learned

    def read_teaser(self, teaser, vocabulary: TopicVocabulary, base_url: str):
        """What a listing teaser says, read by the teasers' template when there is one."""
        if self.teaser is None or teaser is None:
            return teaser
        return self.teaser.read(teaser, vocabulary, base_url)

    def path(self, name: str) -> PathChoice | None:
        return self.paths.get(name)

    def chrome_share(self, block: Block) -> float:
        return self.chrome.share(block) if self.chrome else 0.0

    def label_share(self, text: str) -> float:
        return self.chrome.label_share(text) if self.chrome else 0.0

    def to_json(self) -> dict:
        fields = {}
        for name in FIELDS:
            key = "body_region" if name == "body" else name
            if name == "topics":
                entry = (
                    {"paths": [p.to_json() for p in self.topic_paths]} if self.topic_paths else {}
                )
            else:
                entry = self.paths[key].to_json() if key in self.paths else {}
            entry["evidence"] = self.evidence.get(name, "")
            if name in self.unplaced:
                entry["unplaced"] = self.unplaced[name]
            if name in self.notes:
                entry["note"] = self.notes[name]
            fields[name] = entry
        chrome = self.chrome.common() if self.chrome else {}
        return {
            "version": TEMPLATE_VERSION,
            "sample_pages": len(self.sample),
            "sample": self.sample,
            "fields": fields,
            "body_kinds": sorted(ElementPath(k).css for k in self.body_kinds),
            "body_kind_levels": [
                ElementPath(k).to_json() for k in sorted(self.body_kinds, key=str)
            ],
            "chrome": chrome,
            "chrome_pages": self.chrome.pages if self.chrome else 0,
            "teaser": self.teaser.to_json() if self.teaser is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> SiteTemplate:
        if data.get("version") != TEMPLATE_VERSION:
            raise ValueError(f"template version {data.get('version')!r} is not {TEMPLATE_VERSION}")
        template = cls(sample=list(data.get("sample", [])))
        for name, entry in data.get("fields", {}).items():
            key = "body_region" if name == "body" else name
            if "levels" in entry:
                template.paths[key] = PathChoice.from_json(entry)
            for path in entry.get("paths", []):
                template.topic_paths.append(PathChoice.from_json(path))
            if entry.get("evidence"):
                template.evidence[name] = entry["evidence"]
            if entry.get("unplaced"):
                template.unplaced[name] = entry["unplaced"]
            if entry.get("note"):
                template.notes[name] = entry["note"]
        template.body_kinds = {
            ElementPath.from_json(levels).levels for levels in data.get("body_kind_levels", [])
        }
        template.body_places = {
            ElementPath.from_json(levels).levels for levels in data.get("body_places", [])
        }
        if data.get("teaser"):
            from casecrawl.parse.teasers import TeaserTemplate  # it reads pages with ours

            template.teaser = TeaserTemplate.from_json(data["teaser"])
        template.chrome = RepeatedTexts.from_shares(
            data.get("chrome", {}), data.get("chrome_pages", 0)
        )
        return template


# --- reading a page with the template ------------------------------------------------------


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


def _title(page: TemplatePage, template: SiteTemplate, teaser, reading: TemplateReading):
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
    elements = _region_candidates(page)
    chains = chains_of(elements)
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


def _region_candidates(page: TemplatePage) -> list:
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
    if region is not None and learned is not None and learned.path.matches(element_chain(region)):
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
    while body and template.chrome_share(body[-1]) >= CHROME_SHARE:
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


def _from_a_body_place(run: list[Block], template: SiteTemplate) -> list[Block]:
    """A run that reaches where the sample's bodies' paragraphs stand starts there, or at
    a heading: a paragraph before it (a byline, a caption) stands elsewhere."""
    places = template.body_places
    if not places or not any(run_place([b]) in places for b in run):
        return run
    while not run[0].is_heading and run_place(run) not in places:
        run = run[1:]
    return run


def run_place(run: list[Block]) -> tuple:
    """Where a run of blocks stands: the whole path of its first block's parent."""
    parent = run[0].element.getparent()
    return element_chain(parent, depth=PLACE_DEPTH) if parent is not None else ()


def block_kind(page: TemplatePage, block: Block) -> tuple:
    """A block's kind: its tag and its parent's, with their classes (less row classes and
    ids, which name one element each: 'h2#the-impact')."""
    return tuple(
        (tag, frozenset(n for n in names if not n.startswith("#")))
        for tag, names in (stable_level(lv, False) for lv in page.chains[block.index][:2])
    )


def _content(block: Block, template: SiteTemplate) -> bool:
    return template.chrome_share(block) < CHROME_SHARE


def read_case_study(
    page: TemplatePage, template: SiteTemplate, teaser, vocabulary: TopicVocabulary
) -> TemplateReading:
    """One page's fields as the template places them (per-page readings where it does not)."""
    reading = TemplateReading()
    title = _title(page, template, teaser, reading)
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


LEAKED_LEADING = re.compile(r"^[Ss]ummary\s*:?\s+(?=[A-Z0-9])")
LEAKED_TRAILING = re.compile(r"(?<=[.!?])\s+background\s*:?$", re.IGNORECASE)


def clean_summary(text: str) -> str:
    """Drop the label words old pages leak into the summary (site-notes: a leading 'Summary',
    a trailing 'Background')."""
    text = LEAKED_LEADING.sub("", normalise_text(text))
    return LEAKED_TRAILING.sub("", text).strip()


# --- learning the template from a sample -------------------------------------------------


@dataclass
class Sample:
    """One page of the learning sample and what the listing says of it (None: nothing)."""

    page: TemplatePage
    teaser: object | None


def _keep(template: SiteTemplate, name: str, choice: PathChoice | None, evidence: str) -> None:
    template.evidence[name] = evidence
    if choice is None:
        template.unplaced[name] = f"no element of the sample's pages matched the {evidence}"
    elif choice.agreement < LEARNED:
        template.unplaced[name] = (
            f"the best path ({choice.path.css}) picked the {evidence} on only "
            f"{choice.agreement:.0%} of {choice.pages} sample pages"
        )
    else:
        template.paths["body_region" if name == "body" else name] = choice


def _learn_title(template: SiteTemplate, samples: list[Sample]) -> None:
    examples = []
    for sample in samples:
        page, title = sample.page, getattr(sample.teaser, "title", None)
        if not title:
            continue
        right = [b.index for b in page.blocks if same_text(b.text, title)]
        examples.append(Example([b.index for b in page.blocks], right, page.chains))
    _keep(template, "title", learn_path(examples) if examples else None, "listing's title")


def _title_index(page: TemplatePage, template: SiteTemplate, teaser) -> int:
    block = _title(page, template, teaser, TemplateReading())
    return block.index if block is not None else -1


def _learn_summary(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    shown = [s for s in samples if getattr(s.teaser, "summary", None)]
    evidence = LISTING_SUMMARY
    if not shown:  # the listing shows no summaries: what the pages' structured data says
        evidence = "structured data's description"
    examples = []
    for sample in samples:
        page = sample.page
        start = _title_index(page, template, sample.teaser)
        after = summary_candidates(page, start, vocabulary, template)
        if shown:
            text = getattr(sample.teaser, "summary", None)
        else:
            text = page.structured.description
        right = [i for i in after if text and summary_matches(page.blocks[i].text, text)]
        examples.append(Example(after, right, page.chains, shows=bool(text)))
    usable = shown or any(e.shows for e in examples)
    choice = learn_path(examples) if usable else None
    if shown and (choice is None or choice.agreement < LEARNED):
        # 'The first such block after the title' is read only where the listing shows a
        # summary (_summary): pages where it shows none do not judge such a path.
        shows = learn_path([e for e in examples if e.shows])
        if shows is not None and shows.pick == "first" and shows.agreement >= LEARNED:
            choice = shows
    _keep(template, "summary", choice, evidence)


def _date_evidence(sample: Sample) -> tuple[date | None, str]:
    listed = getattr(sample.teaser, "date", None)
    if listed:
        return listed, "listing's date"
    if sample.page.structured.published:
        return sample.page.structured.published, "structured data's publication date"
    return None, ""


def _learn_date(template: SiteTemplate, samples: list[Sample]) -> None:
    examples, kinds = [], set()
    labelled_only = not any(_date_evidence(s)[0] for s in samples)
    for sample in samples:
        page = sample.page
        lines = [d for d in page.dates if d.block.index not in page.related and not d.is_update]
        candidates = sorted({d.block.index for d in lines})
        if labelled_only:  # nothing to match: the dates the page does not label as updates
            examples.append(Example(candidates, candidates, page.chains, shows=bool(candidates)))
            continue
        day, kind = _date_evidence(sample)
        if day is None:
            continue
        kinds.add(kind)
        right = sorted({d.block.index for d in lines if d.value == day})
        examples.append(Example(candidates, right, page.chains, shows=bool(right)))
    evidence = " and ".join(sorted(kinds)) if kinds else "dates not labelled as updates"
    if not any(e.right for e in examples):
        template.evidence["published_date"] = evidence
        template.notes["published_date"] = (
            "the sample's pages show no date line: the first one after the title is read, "
            "else structured data's"
        )
        return
    _keep(template, "published_date", learn_path(examples), evidence)


def _learn_topics(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    examples = []
    for sample in samples:
        label = vocabulary.canonical(getattr(sample.teaser, "topic", None))
        if not label:
            continue
        page = sample.page
        mentions = {
            i: names
            for i, names in topic_mentions(page, vocabulary).items()
            if template.chrome_share(page.blocks[i]) < CHROME_IN_BODY
        }
        right = [i for i, names in mentions.items() if label in names]
        examples.append(Example(sorted(mentions), right, page.chains))
    template.evidence["topics"] = "listing's topic labels"
    if not examples:
        template.notes["topics"] = "the listing shows no topic labels: every block of them is read"
        return
    covered: set[int] = set()
    hypotheses = propose_paths(examples)
    while len(covered) < len(examples):
        best, best_pages = None, set()
        for path in hypotheses:
            pages = {
                n
                for n, e in enumerate(examples)
                if n not in covered
                and any(i in e.right for i in e.candidates if path.matches(e.chains[i]))
            }
            key = (len(pages), len(path.levels), sum(len(c) for _, c in path.levels))
            if best is None or key > best[0]:
                best, best_pages = (key, path), pages
        if best is None or len(best_pages) < max(2, 0.05 * len(examples)):
            break
        covered |= best_pages
        template.topic_paths.append(PathChoice(best[1], "all", len(best_pages), len(examples)))
    share = len(covered) / len(examples)
    if share < LEARNED:
        template.topic_paths = []
        template.notes["topics"] = (
            f"topic blocks holding the listing's label found on only {share:.0%} of "
            f"{len(examples)} sample pages: every block of topic labels is read"
        )


def _content_element(page: TemplatePage, reading: TemplateReading, template: SiteTemplate):
    """The deepest element holding most of the page's own text (not fields, not chrome)."""
    start = next((i for i, role in reading.roles.items() if role == "title"), -1)
    blocks = [
        b
        for b in page.blocks
        if b.index > start
        and reading.roles.get(b.index) in ("body", "outside")
        and template.chrome_share(b) < CHROME_SHARE
    ]
    return heaviest_element(blocks)


def _learn_region(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    examples = []
    for sample in samples:
        page = sample.page
        reading = read_case_study(page, template, sample.teaser, vocabulary)
        element = _content_element(page, reading, template)
        candidates = _region_candidates(page)
        if element is None or element.tag in ("body", "html"):
            continue
        examples.append(Example(candidates, [element], chains_of(candidates)))
    evidence = "region holding most of each page's own text"
    template.evidence["body"] = evidence
    choice = learn_path(examples) if examples else None
    # A region picked as 'the first of several' is a guess: a page's first section, say.
    if choice is not None and choice.agreement >= LEARNED and choice.pick == "only":
        template.paths["body_region"] = choice
    else:  # the body is still the longest run of blocks, only not bounded by a region
        template.notes["body"] = "no one region holds the body on the sample's pages: " + (
            f"the best path ({choice.path.css}) on only {choice.agreement:.0%}"
            if choice
            else "none found"
        )


def learn_template(samples: list[Sample], vocabulary: TopicVocabulary) -> SiteTemplate:
    """Learn where each field lives from a sample of the site's case-study pages."""
    template = SiteTemplate(sample=[s.page.url for s in samples])
    template.chrome = RepeatedTexts([s.page.blocks for s in samples])
    _learn_title(template, samples)
    _learn_summary(template, samples, vocabulary)
    _learn_date(template, samples)
    _learn_topics(template, samples, vocabulary)
    _learn_region(template, samples, vocabulary)
    _learn_body_kinds(template, samples, vocabulary)
    return template


SENTENCE = 40  # a block this long, and found on few pages, is surely the body's own text
BODY_OR_CHROME = frozenset({"body", "chrome", "outside"})
UNIQUE = 0.1  # 'few pages': a body's paragraphs are its own; a caption from a pool recurs


def _learn_body_kinds(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    """The kinds of block the body is made of: those of long unique texts, and whatever
    stands between two of them on some sample page (headings, lists)."""
    seen: Counter = Counter()
    places: Counter = Counter()
    for sample in samples:
        page = sample.page
        reading = read_case_study(page, template, sample.teaser, vocabulary)
        core = [
            b
            for b in reading.body
            if len(b.text) >= SENTENCE and template.chrome_share(b) <= UNIQUE
        ]
        if core:
            # Whatever stands between the first and the last of them, recurring or not.
            span = page.blocks[core[0].index : core[-1].index + 1]
            roles = reading.roles
            seen.update({block_kind(page, b) for b in span if roles.get(b.index) in BODY_OR_CHROME})
            places.update({run_place([b]) for b in core})
    enough = max(2, 0.1 * len(samples)) if len(samples) >= 5 else 1
    template.body_kinds = {kind for kind, n in seen.items() if n >= min(enough, 2)}
    # Places most of the sample's bodies start in (not a one-off).
    template.body_places = {p for p, n in places.items() if n >= enough}
