"""The dimensions of a random markup and the value each seed picks for them.

Every dimension is drawn from its own generator (`seed` and the dimension's name), so the value of
one dimension never depends on how another was drawn. A few values only make sense with another
dimension's value (an <article> teaser in a page without HTML5 sectioning, a date inside a
metadata block that is not there): those dimensions draw from the values that fit.
`DIMENSIONS` lists every value each dimension can take.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

RELATED_HEADINGS = (
    "Related case studies", "You may also be interested in", "See also", "More like this",
    "Other case studies", "Similar case studies", "Further reading", "Explore more case studies",
    "Related content", "Read next", "Also of interest", "More from this topic",
    "You might also like", "Discover more", "Other councils' stories",
)  # fmt: skip
# Date forms, each named by how it writes 3 March 2021.
DATE_FORMATS = (
    "3 March 2021", "3rd March 2021", "3rd of March 2021", "Wednesday 3 March 2021",
    "Wed, 3 Mar 2021", "3 Mar 2021", "March 3, 2021", "03/03/2021", "2021-03-03",
)  # fmt: skip
DATE_LABELS = ("", "Published:", "Published on", "Date published:", "Posted", "First published")
PAGER_WORDS = (("Next", "Previous"), ("next ›", "‹ previous"), ("Next page", "Previous page"),
               ("»", "«"))  # fmt: skip

DIMENSIONS: dict[str, tuple] = {
    # the page around the content
    "wrapper": ("div_soup", "semantic", "tables"),
    "classes": ("none", "semantic", "hashed"),
    "banner_tag": ("div", "p", "strong"),
    "banner_position": ("top", "after_menu"),
    "menu_picks": ("none", "featured", "popular"),
    "title_suffix": (" | Local Government Association", " - LGA", " | LGA", ""),
    "canonical": (True, False),
    # detail page: headings and fields
    "heading_levels": ("h2/h3", "h3/h4"),
    "bold_tag": ("strong", "b"),
    "summary_position": ("after_title", "after_topics", "after_date_or_meta"),
    "summary_element": ("p", "div", "div_p", "span", "bare"),
    "topics_position": ("header", "eyebrow", "side_before", "side_after", "metadata"),
    "topics_arrangement": ("blocks", "inline_space", "inline_comma", "list"),
    "topics_side_heading": ("", "Topics", "Related topics", "Filed under"),
    "topic_link_spelling": (
        "View all<span>X articles</span>",
        "View all <span>X</span> articles",
        "View all X articles",
    ),  # fmt: skip
    "old_topics_form": ("blocks", "spans", "comma"),
    "date_presence": ("text", "time", "meta"),
    "date_meta_tag": ("article:published_time", "dcterms.date"),
    "date_position": (
        "before_title",
        "after_title",
        "after_summary",
        "after_topics",
        "metadata",
        "head",
    ),  # fmt: skip
    "date_label": DATE_LABELS,
    "date_format": DATE_FORMATS,
    "metadata": ("none", "dl", "table", "lines", "one_line"),
    "metadata_council_label": ("", "Council", "Organisation"),
    "metadata_date_label": ("Published", "Date"),
    "metadata_topics_label": ("Topics", "Theme"),
    "series_element": ("p", "div", "em"),
    "side_heading_tag": ("h2", "h3", "h4", "strong", "div"),
    # detail page: the related block
    "related_placement": ("in_body", "after_article", "side_before", "aside"),
    "related_heading": ("", *RELATED_HEADINGS),
    "related_items": ("ul", "cards", "p", "table"),
    "related_summary": (True, False),
    "related_label": (True, False),
    "related_image": (True, False),
    # listing page
    "teaser_wrapper": ("article", "div", "li", "tr", "none"),
    "teaser_title": ("h2", "h3", "h4", "strong", "div", "td"),
    "teaser_summary": ("p", "div", "span", "bare"),
    "teaser_label_position": ("after_summary", "eyebrow"),
    "teaser_card_link": (True, False),
    "teaser_read_more": (True, False),
    "count_position": ("above", "below"),
    "count_number": ("plain", "b", "span", "strong"),
    "count_separator": (True, False),
    "count_element": ("p", "div", "h2"),
    "pager": ("numbered", "numbered_next", "prev_next", "none"),
    "pager_words": PAGER_WORDS,
    "pager_container": ("ul", "inline"),
    "filter_heading": ("legend", "label", "h2", "h3", "h4", "strong"),
    "filter_widget": ("select", "checkboxes", "facets"),
    # sub-topics under their parent topic (a nested list, or an <optgroup> in a select)
    "filter_nesting": ("flat", "nested"),
    "covid_block": (True, False),
}


@dataclass(frozen=True)
class Choices:
    """The value of every dimension for one seed (one site, one template)."""

    seed: int
    wrapper: str
    classes: str
    banner_tag: str
    banner_position: str
    menu_picks: str
    title_suffix: str
    canonical: bool
    heading_levels: str
    bold_tag: str
    summary_position: str
    summary_element: str
    topics_position: str
    topics_arrangement: str
    topics_side_heading: str
    topic_link_spelling: str
    old_topics_form: str
    date_presence: str
    date_meta_tag: str
    date_position: str
    date_label: str
    date_format: str
    metadata: str
    metadata_council_label: str
    metadata_date_label: str
    metadata_topics_label: str
    series_element: str
    side_heading_tag: str
    related_placement: str
    related_heading: str
    related_items: str
    related_summary: bool
    related_label: bool
    related_image: bool
    teaser_wrapper: str
    teaser_title: str
    teaser_summary: str
    teaser_label_position: str
    teaser_card_link: bool
    teaser_read_more: bool
    count_position: str
    count_number: str
    count_separator: bool
    count_element: str
    pager: str
    pager_words: tuple[str, str]
    pager_container: str
    filter_heading: str
    filter_widget: str
    filter_nesting: str
    covid_block: bool

    def describe(self) -> dict:
        return asdict(self)


def _pick(seed: int, name: str, allowed=None):
    """One dimension's value: its own generator, drawn among `allowed` (default: every value)."""
    values = DIMENSIONS[name] if allowed is None else [v for v in DIMENSIONS[name] if v in allowed]
    return random.Random(f"casecrawl-markup:{seed}:{name}").choice(values)


def _except(name: str, *excluded) -> list:
    return [v for v in DIMENSIONS[name] if v not in excluded]


def draw(seed: int) -> Choices:
    """The choices of seed `seed`: the same seed always gives the same choices."""
    values = {name: _pick(seed, name) for name in DIMENSIONS}
    semantic = values["wrapper"] == "semantic"
    has_metadata = values["metadata"] != "none"
    if not has_metadata:  # nothing can sit in a block that is not there
        values["topics_position"] = _pick(
            seed, "topics_position", _except("topics_position", "metadata")
        )
    if values["date_presence"] == "meta":
        values["date_position"] = "head"  # a meta tag only: no visible date anywhere
    else:
        excluded = ("head",) if has_metadata else ("head", "metadata")
        values["date_position"] = _pick(seed, "date_position", _except("date_position", *excluded))
    if not semantic:  # no HTML5 sectioning elements at all
        values["related_placement"] = _pick(
            seed, "related_placement", _except("related_placement", "aside")
        )
        values["teaser_wrapper"] = _pick(
            seed, "teaser_wrapper", _except("teaser_wrapper", "article")
        )
    if values["teaser_wrapper"] != "tr":  # a bare cell needs a table row
        values["teaser_title"] = _pick(seed, "teaser_title", _except("teaser_title", "td"))
    if values["teaser_title"] == "td":  # a link around a whole row is not possible
        values["teaser_card_link"] = False
    return Choices(seed=seed, **values)
