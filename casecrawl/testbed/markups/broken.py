"""Deliberately broken markups: the crawl must refuse to publish them and name the cue that failed.

Each keeps the listing of 'classic' and breaks one thing on the case-study pages that no
parser could read right, so that only the cross-checks against the listing can notice:

- `broken-summary`: the summary runs on into the metadata in one paragraph (cue: summary);
- `broken-topics`: topic links read 'Culture articles', without the 'View all' cue and not a
  topic name (cue: topics);
- `broken-related`: the related block has no heading and no links, its items plain
  paragraphs like the body's, each a title followed by its teaser (cue: body).
"""

from __future__ import annotations

from casecrawl.testbed.markups import classic
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, escape, segments_html

KINDS = {"broken-summary": "summary", "broken-topics": "topics", "broken-related": "body"}


class BrokenMarkup:
    """A markup with one field made unreadable; `cue` is the cross-check that must catch it."""

    def __init__(self, name: str):
        self.name = name
        self.cue = KINDS[name]

    def render_listing(self, view) -> str:
        return classic.render_listing(view)

    def render_not_found(self, base_url: str, banner: str, status: int) -> str:
        return classic.render_not_found(base_url, banner, status)

    def render_detail(self, view: DetailView) -> str:
        case = view.case
        summary = escape(case.summary) if case.summary else ""
        meta = "Type: Case study."
        if case.shows_date:
            meta += f" Published {case.created.day} {case.created:%B %Y}."
        if self.name == "broken-summary":
            header = f"<p>{summary} {meta}</p>"
        else:
            header = (f"<p>{summary}</p>" if summary else "") + f"<p>{meta}</p>"
        if self.name == "broken-topics":
            links = ", ".join(
                f'<a href="{topic_path(tid)}">{escape(name)} articles</a>'
                for tid, name in zip(case.topic_ids, case.topics, strict=True)
            )
            topics = f"<p>Find more: {links}</p>" if links else ""
        else:
            topics = "".join(
                f'<p><a href="{topic_path(tid)}">View all {escape(name)} articles</a></p>'
                for tid, name in zip(case.topic_ids, case.topics, strict=True)
            )
        body = "".join(_block(b) for b in case.body)
        if self.name == "broken-related":
            related = "".join(
                f"<p>{escape(other.title)}</p>"
                + (f"<p>{escape(other.summary)}</p>" if other.summary else "")
                for other in view.related_cases
            )
            body += related
            tail = ""
        else:
            items = "".join(
                f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in view.related
            )
            tail = f"<h2>Related case studies</h2><ul>{items}</ul>"
        main = f"<article><h1>{escape(case.title)}</h1>{header}{topics}<div>{body}</div>{tail}</article>"
        return classic._page(case.title, view.banner, main)


def _block(block) -> str:
    if block.kind == "heading":
        if block.heading_style == "bold":
            return f"<p><strong>{escape(block.text)}</strong></p>"
        return f"<{block.heading_style}>{escape(block.text)}</{block.heading_style}>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    return f"<p>{segments_html(block.segments)}</p>"
