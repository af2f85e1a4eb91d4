"""Second opinions from well-kept libraries, each where it is strong, on one page's reading.

- trafilatura (main-text extraction): every heading and paragraph it reads as the page's
  main text, from where our body starts on, must be in our body or be a field or chrome;
  and what our body holds that it does not read, and that recurs across pages, is chrome.
- htmldate (`original_date`): the publication date, unless the date it finds is one the
  page labels as an update.
- structured data (extruct, structured.py): the headline and datePublished.

They are run on the learning sample and a rotating share of pages (spot checks), never as
the only source of a field. Each gives, per field, AGREES (""), the reason it disagrees, or
None when it has no opinion (no structured data, no date found).
"""

from __future__ import annotations

import logging
from datetime import date

import htmldate
import trafilatura
from lxml import etree

from casecrawl.parse.blocks import common_ancestor, contains, normalise_text
from casecrawl.parse.chrome import CHROME_SHARE
from casecrawl.parse.detail import DetailPage
from casecrawl.parse.template import QUOTES, SiteTemplate, TemplatePage, same_text

AGREES = ""  # an opinion that agrees (None: no opinion)
MAIN_TEXT_TAGS = ("p", "head", "item", "cell", "quote")
SHORTEST = 3  # characters: shorter main-text leaves (bullets, numbers) say nothing
RECURRING = CHROME_SHARE  # a body block trafilatura leaves out that recurs this much is chrome
FIELD_ROLES = frozenset(
    {"title", "summary", "topic", "date", "updated", "label", "series", "related"}
)
ACCOUNTED = FIELD_ROLES | {"chrome"}  # the body: as published (its lines), not its roles
SOURCES = {
    "title": "structured data",
    "date": "htmldate and structured data",
    "body": "trafilatura",
}
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _fold(text: str) -> str:
    """Text as compared: case, quotes and every space folded away (trafilatura may glue two
    elements' texts, or part one with a space)."""
    return "".join(normalise_text(text).translate(QUOTES).casefold().split())


def main_text_leaves(html: str) -> list[str]:
    """The headings, paragraphs, list items and cells trafilatura reads as main text."""
    xml = trafilatura.extract(
        html, output_format="xml", include_tables=True, include_comments=False, deduplicate=False
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"))
    leaves = []
    for element in root.iter(*MAIN_TEXT_TAGS):
        own = normalise_text(
            (element.text or "") + "".join((c.tail or "") for c in element)
            if any(c.tag in MAIN_TEXT_TAGS for c in element)
            else "".join(element.itertext())
        )
        if len(own) >= SHORTEST:
            leaves.append(own.lstrip("-• ").strip())
    return leaves


class BodyCheck:
    """Our published body against trafilatura's main text, on one page."""

    def __init__(self, page: TemplatePage, detail: DetailPage, template, others: frozenset):
        self.page, self.template, self.others = page, template, others
        self.roles = {block.index: role for block, role in detail.roles}
        ordered = [_fold(line.removeprefix("- ")) for line in detail.body_text.split("\n")]
        self.lines = set(ordered) - {""}
        self.body_text = "".join(ordered)
        self.folded = [(b, _fold(b.text)) for b in page.blocks]
        self.body = [b for b in page.blocks if self.roles.get(b.index) == "body"]
        if detail.placed.get("body") != "template":  # per-page rules: found by its text
            self.body = [
                b
                for b, text in self.folded
                if text in self.lines and self.roles.get(b.index) not in FIELD_ROLES
            ]
        self.start = self.body[0].index if self.body else len(page.blocks)
        # Where a part of the body the reading missed would stand: beside the body's blocks.
        region = common_ancestor([b.element for b in self.body]) if self.body else None
        parent = region.getparent() if region is not None else None
        self.near = parent if parent is not None else region
        # What the reading accounted for: the body, the fields, chrome, other case studies.
        accounted = {text for b, text in self.folded if self.roles.get(b.index) in ACCOUNTED}
        self.accounted = sorted(accounted | self.lines | set(others), key=len, reverse=True)

    def missing(self, leaf: str) -> bool:
        """Whether a main-text leaf is something the body should hold and does not."""
        key = _fold(leaf)
        if key in self.lines or key in self.body_text or key in self.others:
            return False
        rest = key
        for text in self.accounted:  # trafilatura may glue the title to the first paragraph
            if text and text in rest:
                rest = rest.replace(text, "")
        if len(rest) < 0.5 * len(key):
            return False
        owners = [b for b, text in self.folded if text == key] or [
            b
            for b, text in self.folded
            if key in text or (text and text in key and len(text) >= 0.5 * len(key))
        ]
        return bool(owners) and self._owned_by_the_body_side(owners)

    def _owned_by_the_body_side(self, owners: list) -> bool:
        page, roles, template = self.page, self.roles, self.template
        if min(o.index for o in owners) < self.start:
            return False  # header material
        if any(roles.get(o.index) in FIELD_ROLES for o in owners):
            return False  # a field, or a related block (trafilatura may glue its parts)
        if template is not None and any(template.chrome_share(o) >= CHROME_SHARE for o in owners):
            return False
        owner = owners[0]
        if self.near is not None and not contains(self.near, owner.element):
            return False  # a side block, far from the body
        if self.body and owner.index > self.body[-1].index:
            if _set_apart(page, roles, template, self.body, owner):
                return False  # after the body, past a field or chrome: what follows it
        return not (owner.is_heading and _heads_chrome(page, roles, template, owner))

    def recurring_extra(self, leaves: list[str]):
        """A block of our body that recurs across pages and trafilatura leaves out."""
        main = _fold(" ".join(leaves))
        for block in self.body:
            share = self.template.chrome_share(block) if self.template else 0.0
            if share >= RECURRING and _fold(block.text) not in main:
                return block, share
        return None


def body_opinion(
    page: TemplatePage,
    detail: DetailPage,
    template: SiteTemplate | None,
    html: str,
    others: frozenset[str] = frozenset(),
):
    """AGREES when our body holds what trafilatura reads as main text; else the first gap.
    `others`: other case studies' titles and summaries (folded), which a related block
    shows and trafilatura may take for main text."""
    leaves = main_text_leaves(html)
    if not leaves:
        return None
    check = BodyCheck(page, detail, template, others)
    for leaf in leaves:
        if check.missing(leaf):
            return f"the body lacks {leaf[:80]!r}, which trafilatura reads as main text"
    extra = check.recurring_extra(leaves)
    if extra:
        block, share = extra
        return (
            f"the body holds {block.text[:80]!r}, which recurs on {share:.0%} of the "
            "sample's pages and trafilatura leaves out of the main text"
        )
    return AGREES


def _set_apart(page, roles: dict, template, body: list, owner) -> bool:
    """Whether a field, a related block or chrome stands between the body's end and `owner`."""
    for block in page.blocks[body[-1].index + 1 : owner.index]:
        if roles.get(block.index) in FIELD_ROLES:
            return True
        if template is not None and template.chrome_share(block) >= CHROME_SHARE:
            return True
    return False


def _heads_chrome(page, roles: dict, template, heading) -> bool:
    """Whether everything under a heading, up to the next heading or field, is chrome."""
    under = []
    for block in page.blocks[heading.index + 1 :]:
        if block.is_heading or roles.get(block.index) in FIELD_ROLES:
            break
        under.append(block)
    return (
        bool(under)
        and template is not None
        and all(template.chrome_share(b) >= CHROME_SHARE for b in under)
    )


def date_opinion(page: TemplatePage, detail: DetailPage, html: str):
    """AGREES when htmldate or structured data give our publication date, the reason when
    one gives another, None when neither has one."""
    ours = detail.published_date
    structured = page.structured.published
    if structured and ours and structured != ours:
        return f"structured data says {structured} ({page.structured.sources['published']}), we read {ours}"
    agreed = AGREES if structured and structured == ours else None
    try:
        found = htmldate.find_date(html, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        found = None
    if not found:
        return agreed
    theirs = date.fromisoformat(found)
    if theirs == ours:
        return AGREES
    shown = [d for d in page.dates if d.value == theirs]
    if shown and all(d.is_update for d in shown):
        return agreed  # the date of an update: never the publication date
    if not shown:
        return agreed  # a date the page does not show as one (a year, a file name, a URL)
    return f"htmldate finds {theirs}, we read {ours}"


def title_opinion(page: TemplatePage, detail: DetailPage):
    """AGREES when the page's structured headline (or og:title) names our title."""
    headline = page.structured.headline
    if not headline or detail.title is None:
        return None
    if same_text(headline, detail.title) or _fold(headline).startswith(_fold(detail.title)):
        return AGREES
    return f"structured data's headline is {headline!r}, we read {detail.title!r}"


def second_opinions(
    page: TemplatePage,
    detail: DetailPage,
    template: SiteTemplate | None,
    html: str,
    others: frozenset[str] = frozenset(),
) -> dict[str, str | None]:
    """Per field, AGREES, why the libraries disagree, or None (no opinion)."""
    return {
        "title": title_opinion(page, detail),
        "date": date_opinion(page, detail, html),
        "body": body_opinion(page, detail, template, html, others),
    }


def fold_texts(texts) -> frozenset[str]:
    """Texts folded as the body check compares them."""
    return frozenset(_fold(t) for t in texts if t)
