"""Pieces the CMS markups (localgov, govuk, wordpress, olivero) share.

Nothing here decides what a page looks like: each markup module writes its own elements. These
helpers only keep the model's rules in one place: body blocks in order, one element per
paragraph; dates in the written forms the replica allows (the server's season-date damage must
find them); the site-notes topic label; counts; pager windows; JSON-LD that stays valid JSON.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

from casecrawl.testbed.site import BodyBlock, ReplicaCaseStudy, topic_path
from casecrawl.testbed.views import escape, segments_html

SITE_NAME = "Local Government Association"
INTRO = (
    "Innovation in local government is about improving the lives of the people in our "
    "communities. Browse through our case studies to see the many innovative programmes "
    "councils are involved in."
)
SHARE_INTRO = "If you have a case study you'd like to share here, please"
COVID_TITLE = "COVID-19 case studies"
COVID_TEXT = "Councils are doing remarkable work to address the challenges brought by coronavirus."
ADDRESS = "Local Government Association, 18 Smith Square, London SW1P 3HZ"


# --- dates ------------------------------------------------------------------------------------
def day_month_year(day: date) -> str:
    """'3 March 2021' (UK sites, Drupal 'j F Y', GOV.UK)."""
    return f"{day.day} {day:%B %Y}"


def month_day_year(day: date) -> str:
    """'March 3, 2021' (WordPress 'F j, Y')."""
    return f"{day:%B} {day.day}, {day.year}"


def iso_seconds(when: datetime) -> str:
    """'2021-03-03T10:00:00+00:00': the machine form of <time datetime>, meta tags, JSON-LD."""
    return when.isoformat(timespec="seconds")


def updated_of(case: ReplicaCaseStudy) -> datetime:
    """The 'Last updated' time a CMS shows: the last edit when there was one, else a review a
    few days after publication (the days depend on the node id). Always after `created`."""
    if case.modified is not None and case.modified > case.created:
        return case.modified
    return case.created + timedelta(days=2 + case.nid % 41, hours=1 + case.nid % 7)


# --- body -------------------------------------------------------------------------------------
def heading_id(text: str, seen: set[str]) -> str:
    """A GOV.UK-style anchor for a heading ('The challenge:' is `the-challenge`), unique."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    anchor, n = base, 1
    while anchor in seen:
        n += 1
        anchor = f"{base}-{n}"
    seen.add(anchor)
    return anchor


def body_blocks(
    blocks: list[BodyBlock],
    *,
    heading_class: str = "",
    list_class: str = "",
    anchors: bool = False,
) -> list[str]:
    """The body's blocks as HTML, in order, nothing between them: a paragraph is one <p>, a
    heading an <h2>/<h3> (or a bold paragraph, its text as is), a list one <ul> of <li>."""
    cls = f' class="{heading_class}"' if heading_class else ""
    ul_cls = f' class="{list_class}"' if list_class else ""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if block.kind == "heading":
            if block.heading_style == "bold":
                out.append(f"<p><strong>{escape(block.text)}</strong></p>")
                continue
            tag = "h3" if block.heading_style == "h3" else "h2"
            ident = f' id="{heading_id(block.text, seen)}"' if anchors else ""
            out.append(f"<{tag}{ident}{cls}>{escape(block.text)}</{tag}>")
        elif block.kind == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            out.append(f"<ul{ul_cls}>{items}</ul>")
        else:
            out.append(f"<p>{segments_html(block.segments)}</p>")
    return out


def contents_of(blocks: list[BodyBlock]) -> list[tuple[str, str]]:
    """(anchor, text) of the body's <h2> headings, the anchors `body_blocks(anchors=True)`
    gives them."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if block.kind == "heading" and block.heading_style != "bold":
            anchor = heading_id(block.text, seen)
            if block.heading_style != "h3":
                out.append((anchor, block.text))
    return out


# --- topics -----------------------------------------------------------------------------------
def view_all_link(tid: int, name: str, hidden_class: str, attrs: str = "") -> str:
    """The live site's new-style label: a link reading 'View all' + '<Topic> articles'."""
    return (
        f'<a href="{topic_path(tid)}"{attrs}>View all'
        f'<span class="{hidden_class}">{escape(name)} articles</span></a>'
    )


def topic_label(tid: int, name: str, old_style: bool, hidden_class: str, attrs: str = "") -> str:
    """A topic line in the site-notes forms: the bare name on older items, else 'View all'."""
    return escape(name) if old_style else view_all_link(tid, name, hidden_class, attrs)


def listing_filter_href(param: str, term_id: int) -> str:
    """A facet link to the listing filtered on one term: `/case-studies?topic%5BID%5D=ID`."""
    return f"/case-studies?{param}%5B{term_id}%5D={term_id}"


# --- listing ----------------------------------------------------------------------------------
def thousands(n: int) -> str:
    """2568 as '2,568'."""
    return f"{n:,}"


def page_window(current: int, last: int, quantity: int) -> range:
    """The page numbers (0-based) a pager shows around `current`: `quantity` of them at most,
    centred as Drupal's pager centres them."""
    middle = (quantity + 1) // 2
    first = current - middle + 1
    end = current + quantity - middle
    if first < 0:
        end -= first
        first = 0
    if end > last:
        first = max(0, first - (end - last))
        end = last
    return range(first, end + 1)


def case_path(case: ReplicaCaseStudy) -> str:
    return f"/case-studies/{case.slug}"


# --- head -------------------------------------------------------------------------------------
def json_ld(data: dict, extra_class: str = "") -> str:
    """A JSON-LD <script>: compact JSON, '<', '>' and '&' written as \\u escapes so that no HTML
    (and no escaped HTML text) can appear inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    cls = f' class="{extra_class}"' if extra_class else ""
    return f'<script type="application/ld+json"{cls}>{text}</script>'
