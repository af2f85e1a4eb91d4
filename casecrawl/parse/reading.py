"""A case-study page read into its fields: by the site's learned template (template.py), the
per-page rules of detail.py standing in for any field the template could not place, or for
every field when no template was learned (a page inspected on its own).
"""

from __future__ import annotations

from casecrawl.parse.detail import (
    DetailHints,
    DetailPage,
    canonical_slug,
    join_blocks,
    parse_detail_page,
    section_list,
    web_links,
)
from casecrawl.parse.template import (
    FIELDS,
    SiteTemplate,
    TemplatePage,
    TemplateReading,
    read_case_study,
)
from casecrawl.parse.vocabulary import TopicVocabulary

# Each template field and the DetailPage attributes it gives.
ATTRIBUTES = {
    "title": ("title",),
    "summary": ("summary",),
    "published_date": ("published_date", "published_date_raw"),
    "topics": ("topics", "topic_hrefs"),
    "body": ("body_text", "sections", "links"),
}
PER_PAGE = "per-page rules"
HEADER_ROLES = frozenset({"summary", "topic", "date", "updated", "label", "series", "outside"})


def _header_texts(reading: TemplateReading, page: TemplatePage) -> list[str]:
    """The texts between the title and the body, and the body's first two blocks: where a
    summary the reading missed would stand."""
    title = next((i for i, r in reading.roles.items() if r == "title"), -1)
    start = reading.body[0].index if reading.body else len(page.blocks)
    header = [
        b.text
        for b in page.blocks
        if title < b.index < start and reading.roles.get(b.index) in HEADER_ROLES
    ]
    return header + [b.text for b in reading.body[:2]]


def read_detail_page(
    page: TemplatePage,
    template: SiteTemplate | None,
    teaser,
    vocabulary: TopicVocabulary,
    hints: DetailHints,
) -> DetailPage:
    """The page's fields, each with the cue it came from (`cues`) and who placed it
    (`placed`: 'template' or 'per-page rules')."""
    if template is None:
        detail = parse_detail_page(page.selector, page.url, page.base_url, hints)
        detail.placed = dict.fromkeys(FIELDS, PER_PAGE)
        return detail
    reading = read_case_study(page, template, teaser, vocabulary)
    body = reading.body
    detail = DetailPage(
        url=page.url,
        title=reading.title,
        summary=reading.summary,
        topics=reading.topics,
        published_date=reading.published_date,
        body_text=join_blocks(body),
        sections=section_list(body),
        links=web_links(body),
        canonical_slug=canonical_slug(page.selector, page.base_url),
        cues=dict(reading.cues),
        date_evidence=reading.date_evidence,
        header_texts=_header_texts(reading, page),
        topic_hrefs=reading.topic_hrefs,
        published_date_raw=reading.published_date_raw,
        roles=[(b, reading.roles.get(b.index, "")) for b in page.blocks],
    )
    detail.placed = dict.fromkeys(FIELDS, "template")
    detail.template_misses = reading.misses
    unplaced = [name for name in FIELDS if name in template.unplaced]
    if unplaced:
        fallback = parse_detail_page(page.selector, page.url, page.base_url, hints)
        for name in unplaced:
            for attribute in ATTRIBUTES[name]:
                setattr(detail, attribute, getattr(fallback, attribute))
            cue = "body_text" if name == "body" else name
            detail.cues[cue] = f"{PER_PAGE}: {fallback.cues.get(cue, 'nothing found')}"
            detail.placed[name] = PER_PAGE
        if "published_date" in unplaced:
            detail.date_evidence = fallback.date_evidence
    if detail.title is None:
        detail.problems.append("h1_title")
    if not detail.body_text:
        detail.problems.append("body")
    return detail
