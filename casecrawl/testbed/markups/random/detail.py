"""A case-study page in the seed's template.

Header order: an optional eyebrow (topics, date) before the h1, then the h1, topics, metadata
block, with the summary and the date inserted where the seed puts them, then the series line.
The body follows, with side blocks (topics, related case studies) around it.
"""

from __future__ import annotations

import re

from casecrawl.testbed.markups.random import dates, topics
from casecrawl.testbed.markups.random.page import Kit
from casecrawl.testbed.site import COUNCILS
from casecrawl.testbed.views import DetailView, escape, segments_html


def render_detail(kit: Kit, view: DetailView) -> str:
    case = view.case
    related = related_block(kit, view)
    article = kit.stack("article", "article", _article_rows(kit, view, related))
    content = _place_related(kit, article, related)
    head = [dates.head_date(kit, case)]
    if kit.c.canonical:
        href = f"{view.base_url}/case-studies/{case.slug}"
        head.append(f'<link rel="canonical" href="{escape(href)}">')
    return kit.page(
        case.title, view.banner, content, view.related[:2], "\n".join(h for h in head if h)
    )


def _article_rows(kit: Kit, view: DetailView, related: str) -> list[str]:
    case, position = view.case, kit.c.topics_position
    side_topics = _side_topics(kit, case) if position.startswith("side_") else ""
    blocks = body_blocks(kit, case.body)
    if kit.c.related_placement == "in_body":
        blocks.append(related)
    body = kit.el("section", "body", "\n" + "\n".join(b for b in blocks if b) + "\n")
    return [
        kit.el("header", "header", "\n" + "\n".join(header_parts(kit, case)) + "\n"),
        side_topics if position == "side_before" else "",
        body,
        side_topics if position == "side_after" else "",
    ]


def _place_related(kit: Kit, article: str, related: str) -> str:
    placement = kit.c.related_placement
    if placement == "after_article":
        return f"{article}\n{related}"
    if placement == "aside":
        return f"{article}\n" + kit.el("aside", "related", related)
    if placement == "side_before":
        return kit.columns("columns", kit.el("aside", "side", related), article)
    return article  # in_body: already inside the body's container


# --- header -------------------------------------------------------------------------------------
def header_parts(kit: Kit, case) -> list[str]:
    """The header's parts in reading order (the eyebrow first)."""
    c = kit.c
    eyebrow = []
    if c.topics_position == "eyebrow":
        eyebrow.append(topics.topics_group(kit, case))
    date_line = dates.visible_date(kit, case)
    if c.date_position == "before_title":
        eyebrow.append(date_line)
    seq: list[tuple[str, str]] = [("title", f"<h1{kit.cls('title')}>{escape(case.title)}</h1>")]
    if c.topics_position == "header" and case.topic_ids:
        seq.append(("topics", topics.topics_group(kit, case)))
    meta = metadata_block(kit, case)
    if meta:
        seq.append(("metadata", meta))
    if date_line and c.date_position == "after_title":
        _insert_after(seq, ("title",), ("date", date_line))
    if date_line and c.date_position == "after_topics":
        _insert_after(seq, ("title", "topics"), ("date", date_line))
    if case.summary is not None:
        summary = ("summary", summary_html(kit, case.summary))
        if c.summary_position == "after_title":
            anchors = ("title", "date") if c.date_position == "after_title" else ("title",)
        elif c.summary_position == "after_topics":
            anchors = (
                ("title", "topics", "date")
                if c.date_position == "after_topics"
                else ("title", "topics")
            )
        else:
            anchors = ("title", "topics", "date", "metadata")
        _insert_after(seq, anchors, summary)
    if date_line and c.date_position == "after_summary":
        _insert_after(
            seq, ("summary",) if case.summary is not None else ("title",), ("date", date_line)
        )
    parts = [p for p in eyebrow if p] + [html for _, html in seq]
    if case.series_line:
        parts.append(series_html(kit, case.series_line))
    return parts


def _insert_after(
    seq: list[tuple[str, str]], anchors: tuple[str, ...], item: tuple[str, str]
) -> None:
    at = max((i for i, (name, _) in enumerate(seq) if name in anchors), default=0)
    seq.insert(at + 1, item)


def summary_html(kit: Kit, summary: str) -> str:
    text, role, element = escape(summary), kit.cls("summary"), kit.c.summary_element
    if element == "p":
        return f"<p{role}>{text}</p>"
    if element == "div":
        return f"<div{role}>{text}</div>"
    if element == "div_p":
        return f"<div{role}><p>{text}</p></div>"
    if element == "span":
        return f"<div{role}><span>{text}</span></div>"
    return text  # bare text, a sibling of the h1 inside the header's container


def series_html(kit: Kit, line: str) -> str:
    element = kit.c.series_element
    if element == "em":
        return f"<div{kit.cls('series')}><em>{escape(line)}</em></div>"
    return f"<{element}{kit.cls('series')}>{escape(line)}</{element}>"


def _side_topics(kit: Kit, case) -> str:
    group = topics.topics_group(kit, case)
    if not group:
        return ""
    heading = kit.c.topics_side_heading
    inner = (kit.small_heading("topics-heading", heading) if heading else "") + group
    return kit.el("section", "topics-box", inner)


# --- metadata block -----------------------------------------------------------------------------
def council_of(title: str) -> str | None:
    """The council a title names (full name), if any."""
    found = []
    for name, area in COUNCILS:
        for needle in (name, area):
            match = re.search(rf"\b{re.escape(needle)}\b", title)
            if match:
                found.append((match.start(), name))
                break
    return min(found)[1] if found else None


def metadata_rows(kit: Kit, case) -> list[tuple[str, str]]:
    """(label, value HTML) rows: the type, maybe the council, the date and the topics."""
    c = kit.c
    rows = [("Type", "Case study")]
    council = council_of(case.title) if c.metadata_council_label else None
    if council:
        rows.append((c.metadata_council_label, escape(council)))
    if case.shows_date and c.date_position == "metadata":
        rows.append((c.metadata_date_label, dates.date_value(kit, case)))
    if c.topics_position == "metadata" and case.topic_ids:
        rows.append((c.metadata_topics_label, topics.topics_inline(kit, case)))
    if len(rows) < 2:
        rows.append(("Audience", "Councillors and officers"))
    return rows


def metadata_block(kit: Kit, case) -> str:
    form = kit.c.metadata
    if form == "none":
        return ""
    rows, role = metadata_rows(kit, case), kit.cls("metadata")
    if form == "dl":
        return f"<dl{role}>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"
    if form == "table":
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        return f"<table{role}><tbody>{body}</tbody></table>"
    if form == "lines":
        return (
            f"<div{role}>"
            + "".join(f"<p><strong>{k}:</strong> {v}</p>" for k, v in rows)
            + "</div>"
        )
    return f"<p{role}>" + " | ".join(f"{k}: {v}" for k, v in rows) + "</p>"


# --- body ---------------------------------------------------------------------------------------
def body_blocks(kit: Kit, blocks) -> list[str]:
    """The body's blocks: paragraphs, lists, headings at the seed's levels or in bold."""
    levels = (
        {"h2": "h2", "h3": "h3"} if kit.c.heading_levels == "h2/h3" else {"h2": "h3", "h3": "h4"}
    )
    out = []
    for block in blocks:
        if block.kind == "heading" and block.heading_style == "bold":
            tag = kit.c.bold_tag
            out.append(f"<p><{tag}>{escape(block.text)}</{tag}></p>")
        elif block.kind == "heading":
            tag = levels[block.heading_style]
            out.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif block.kind == "list":
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>")
        else:
            out.append(f"<p>{segments_html(block.segments)}</p>")
    return out


# --- related case studies -----------------------------------------------------------------------
def related_block(kit: Kit, view: DetailView) -> str:
    """The related block's content (heading and items); `_place_related` wraps it."""
    c = kit.c
    if not view.related:
        return ""  # no other case study to show (a site of one): no block, not an empty heading
    # The case behind each link when the view has it (its summary and label), else None.
    others = (list(view.related_cases) + [None] * len(view.related))[: len(view.related)]
    items = [
        _related_item(kit, title, href, other)
        for (title, href), other in zip(view.related, others, strict=True)
    ]
    heading = kit.small_heading("related-heading", c.related_heading) if c.related_heading else ""
    if c.related_items == "ul":
        listing = (
            f"<ul{kit.cls('related-list')}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
        )
    elif c.related_items == "cards":
        listing = "".join(f"<div{kit.cls('card')}>{i}</div>" for i in items)
    elif c.related_items == "table":
        rows = "".join(f"<tr>{i}</tr>" for i in items)
        listing = f"<table{kit.cls('related-table')}><tbody>{rows}</tbody></table>"
    else:
        listing = "\n".join(items)
    inner = f"{heading}\n{listing}"
    if c.related_placement in ("in_body", "after_article"):
        return kit.el("section", "related", inner)
    return inner


def _related_item(kit: Kit, title: str, href: str, other) -> str:
    """One related case study, led by its title link; each part in the element the form needs."""
    c = kit.c
    parts = [f'<a href="{escape(href)}">{escape(title)}</a>']
    if c.related_image and other is not None:
        parts.append(f'<img src="/sites/default/files/styles/teaser/{other.nid}.jpg" alt="">')
    if c.related_summary and other is not None and other.summary:
        parts.append(escape(other.summary))
    if c.related_label and other is not None and other.topic_ids:
        parts.append(topics.label(kit, other))
    if c.related_items == "table":
        return "".join(f"<td>{p}</td>" for p in parts)
    if c.related_items == "p":
        return "\n".join(f"<p>{p}</p>" for p in parts)
    if c.related_items == "cards":
        return f"<div{kit.cls('card-title')}>{parts[0]}</div>" + "".join(
            f"<div>{p}</div>" for p in parts[1:]
        )
    return parts[0] + "".join(f" <span>{p}</span>" for p in parts[1:])
