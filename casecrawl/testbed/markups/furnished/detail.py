"""The furnished markup's case-study page: the article header, the body and what surrounds it.

What the page must convey (site.py's ground truth) stays intact under every toggle: the title
is an h1 (a site-name h1 may come before it), the summary one element of its own after the title
(none without a summary), the topic names exactly, the created date only when shown and only in
the forms of dates.py, the body's blocks in order with nothing but wrappers between them (each
paragraph one element), the series line after the topics and before the body.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from casecrawl.testbed.markups.furnished import choices as words
from casecrawl.testbed.markups.furnished.dates import machine, written
from casecrawl.testbed.markups.furnished.frame import Theme
from casecrawl.testbed.site import BodyBlock, ReplicaCaseStudy
from casecrawl.testbed.views import DetailView, escape, segments_html

PUBLISHED_LABELS = {
    "published": "Published",
    "published_on": "Published on",
    "first_published": "First published:",
    "posted": "Posted",
    "date_colon": "Date:",
    "none": "",
}
UPDATED_LABELS = {
    "last_updated": "Last updated",
    "updated": "Updated:",
    "reviewed": "Reviewed",
    "reviewed_next_due": "Page last reviewed:",
}


def shorten(text: str, limit: int, ellipsis: str = "\u2026") -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return f"{cut}{ellipsis}"


def updated_time(case: ReplicaCaseStudy, rng: random.Random) -> datetime:
    """The 'Last updated'/'Reviewed' time: a day after both the created and the modified time,
    so it is never the created date (nor, on a page whose date the server rewrites, a date
    near the one it rewrites)."""
    latest = max(case.created, case.modified or case.created)
    return latest + timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 8))


def render_detail(theme: Theme, view: DetailView) -> str:
    ch = theme.ch
    case = view.case
    rng = random.Random(f"furnished:{theme.seed}:case:{case.nid}")
    # Every per-page draw, always in this order, whatever the toggles.
    updated = updated_time(case, rng)
    caption, credit = rng.choice(words.CAPTIONS), rng.choice(words.CREDITS)
    byline = {k: rng.choice(v) for k, v in words.BYLINES.items()}
    pdf_size = rng.choice((f"{rng.randint(11, 39) / 10:.1f}MB", f"{rng.randint(180, 990)}KB"))
    contact_heading = rng.choice(words.CONTACT_HEADINGS)
    url = f"{view.base_url}/case-studies/{case.slug}"

    ids = _heading_ids(case.body) if _needs_ids(ch, case) else {}
    body = _body(theme, case, ids)
    stamps_header, stamps_after = _stamps(theme, case, updated)
    topics = _topics(theme, case)

    parts = {
        "summary": _summary(theme, case),
        "hero": _hero(theme, case, caption, credit),
        "meta": _meta(theme, case, byline, stamps_header),
        "topics": topics if ch["topic_place"] == "header" else "",
    }
    eyebrow = f"<p{theme.c('article__eyebrow')}>Case study</p>" if ch["detail_eyebrow"] else ""
    header = eyebrow + _h1(theme, case.title)
    header += "".join(parts[name] for name in ch["header_order"].split("-"))
    header += _series(theme, case)
    header_tag = "header" if ch["landmarks"] == "semantic" else "div"
    header = f"<{header_tag}{theme.c('article__header')}>{header}</{header_tag}>"

    toc = _toc(theme, case, ids)
    share = theme.share(url, case.title) if ch["share_bar"] != "none" else ""
    downloads = _print_download(theme, view, pdf_size)
    related = _related(theme, view)
    contact = theme.contact(contact_heading) if ch["contact_block"] != "none" else ""

    def placed(toggle: str, block: str, place: str) -> str:
        return block if ch[toggle] == place else ""

    before = (
        placed("toc", toc, "before_body")
        + placed("share_bar", share, "before_body")
        + placed("print_download_place", downloads, "before_body")
    )
    after = (
        placed("topic_place", topics, "after_body")
        + stamps_after
        + placed("share_bar", share, "after_body")
        + placed("print_download_place", downloads, "after_body")
        + _feedback(theme, case)
        + placed("contact_block", contact, "after_body")
        + placed("related_place", related, "after_body")
    )
    article = theme.region("article", "article", "\n".join((header, before, body, after)))
    main = article + placed("related_place", related, "after_article")
    if ch["newsletter"] == "after_content":
        main += theme.newsletter()
    sidebar = (
        placed("topic_place", topics, "sidebar")
        + placed("toc", toc, "sidebar")
        + placed("share_bar", share, "sidebar")
        + placed("print_download_place", downloads, "sidebar")
        + placed("related_place", related, "sidebar")
        + (theme.popular() if ch["sidebar_popular"] else "")
        + placed("contact_block", contact, "sidebar")
        + (theme.newsletter() if ch["newsletter"] == "sidebar" else "")
    )
    return theme.page(
        title=case.title,
        head=_head(theme, view, url, updated),
        main=main,
        banner=view.banner,
        crumbs=_crumbs(theme, case.title),
        sidebar=sidebar,
        body_class="page-node-type-case-study path-case-studies",
    )


def render_not_found(theme: Theme, banner: str, status: int) -> str:
    message = "This page has been removed" if status == 410 else "Page not found"
    main = (
        f"<h1{theme.c('error__title')}>{message}</h1>"
        "<p>Sorry, we could not find that page. It may have been moved or taken down.</p>"
        '<p>Try the <a href="/case-studies">case studies</a> or the <a href="/">home page</a>.</p>'
    )
    crumbs = [("Home", "/"), (message, None)] if theme.ch["breadcrumbs"] != "none" else None
    return theme.page(title=message, head="", main=main, banner=banner, crumbs=crumbs)


# --- head -------------------------------------------------------------------------------------
def _head(theme: Theme, view: DetailView, url: str, updated: datetime) -> str:
    ch = theme.ch
    case = view.case
    meta = []
    description = None
    if case.summary is not None:
        if ch["meta_description"] == "summary":
            description = case.summary
        elif ch["meta_description"] == "summary_trimmed":
            description = shorten(case.summary, 155)
    elif ch["meta_no_summary"] == "site_default":
        description = words.SITE_DESCRIPTION
    if description is not None:
        meta.append(f'<meta name="description" content="{escape(description)}">')
    if ch["canonical"]:
        meta.append(f'<link rel="canonical" href="{url}">')
    image = (
        f"{view.base_url}/sites/default/files/styles/social/public/case-studies/hero-{case.nid}.jpg"
    )
    if ch["opengraph"]:
        meta += [
            f'<meta property="og:site_name" content="{words.SITE_NAME}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{escape(case.title)}">',
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:image" content="{image}">',
        ]
        if case.summary is not None:
            meta.append(f'<meta property="og:description" content="{escape(case.summary)}">')
    if ch["twitter_cards"]:
        meta += [
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta name="twitter:site" content="@LGAcomms">',
            f'<meta name="twitter:title" content="{escape(case.title)}">',
        ]
        if case.summary is not None:
            meta.append(f'<meta name="twitter:description" content="{escape(case.summary)}">')
    if ch["published_meta"]:
        if case.shows_date:
            meta.append(
                f'<meta property="article:published_time" content="{case.created.isoformat()}">'
            )
        meta.append(f'<meta property="article:modified_time" content="{updated.isoformat()}">')
    if ch["jsonld"] != "none":
        meta.append(theme.json_ld(_json_ld(theme, view, url, updated, image)))
    return "\n".join(meta)


def _json_ld(theme: Theme, view: DetailView, url: str, updated: datetime, image: str) -> dict:
    ch = theme.ch
    case = view.case
    kind = {"article": "Article", "newsarticle": "NewsArticle", "webpage": "WebPage"}.get(
        ch["jsonld"], "Article"
    )
    publisher = {
        "@type": "Organization",
        "name": words.SITE_NAME,
        "logo": {"@type": "ImageObject", "url": f"{view.base_url}/themes/lga/logo.png"},
    }
    node: dict = {"@type": kind, "headline": case.title, "url": url}
    if kind == "WebPage":
        node["name"] = case.title
    if ch["jsonld_description"] and case.summary is not None:
        node["description"] = case.summary
    if case.shows_date:
        node["datePublished"] = case.created.isoformat()
    if ch["jsonld_modified"]:
        node["dateModified"] = updated.isoformat()
    node["image"] = image
    if ch["jsonld"] != "graph":
        return {"@context": "https://schema.org", **node, "publisher": publisher}
    site = {"@type": "WebSite", "@id": f"{view.base_url}/#website", "name": words.SITE_NAME}
    org = {**publisher, "@id": f"{view.base_url}/#organization"}
    crumbs = {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{view.base_url}/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": "Case studies",
                "item": f"{view.base_url}/case-studies",
            },
            {"@type": "ListItem", "position": 3, "name": case.title},
        ],
    }
    node.update(
        {
            "@id": f"{url}#article",
            "isPartOf": {"@id": f"{view.base_url}/#website"},
            "publisher": {"@id": f"{view.base_url}/#organization"},
        }
    )
    return {"@context": "https://schema.org", "@graph": [site, org, node, crumbs]}


# --- header -----------------------------------------------------------------------------------
def _crumbs(theme: Theme, title: str) -> list[tuple[str, str | None]] | None:
    form = theme.ch["breadcrumbs"]
    if form == "none":
        return None
    crumbs: list[tuple[str, str | None]] = [("Home", "/"), ("Case studies", "/case-studies")]
    if form == "full_title":
        crumbs.append((title, None))
    elif form == "short_title":
        crumbs.append((shorten(title, 40), None))
    return crumbs


def _h1(theme: Theme, title: str) -> str:
    form = theme.ch["h1_form"]
    if form == "span":
        return f"<h1{theme.c('article__title', 'page-title')}><span>{escape(title)}</span></h1>"
    if form == "classed":
        return f"<h1{theme.c('article__title', 'page-title')}>{escape(title)}</h1>"
    return f"<h1>{escape(title)}</h1>"


def _summary(theme: Theme, case: ReplicaCaseStudy) -> str:
    if case.summary is None:
        return ""
    style, name = theme.ch["summary_style"], theme.ch["summary_class"]
    text = escape(case.summary)
    if style == "p_class":
        return f'<p class="{name}">{text}</p>'
    if style == "div_p":
        return f'<div class="{name}"><p>{text}</p></div>'
    if style == "plain_p":
        return f"<p>{text}</p>"
    return f"<div{theme.c('article__summary')}>{text}</div>"


def _hero(theme: Theme, case: ReplicaCaseStudy, caption: str, credit: str) -> str:
    form = theme.ch["hero"]
    src = f"/sites/default/files/styles/hero/public/case-studies/hero-{case.nid}.jpg"
    img = f'<img src="{src}" alt="{escape(caption)}" width="1200" height="630">'
    if form == "figure_caption":
        return (
            f"<figure{theme.c('hero')}>{img}<figcaption{theme.c('hero__caption')}>"
            f"{escape(caption)}. <span{theme.c('hero__credit')}>{escape(credit)}</span>"
            "</figcaption></figure>"
        )
    if form == "img_credit":
        return (
            f'<div{theme.c("hero")}><img src="{src}" alt="" width="1200" height="630"></div>'
            f"<p{theme.c('hero__credit')}>{escape(credit)}</p>"
        )
    if form == "figure_credit":
        return (
            f"<figure{theme.c('hero')}>{img}<figcaption><small>{escape(credit)}</small>"
            "</figcaption></figure>"
        )
    if form == "background":
        return (
            f'<div{theme.c("hero", "hero--background")} role="img" aria-label="{escape(caption)}"'
            f' style="background-image: url({src})"></div>'
        )
    return ""


def _meta(theme: Theme, case: ReplicaCaseStudy, bylines: dict, stamps: str) -> str:
    ch = theme.ch
    parts = []
    if ch["byline"] != "none":
        parts.append(f"<p{theme.c('article__byline')}>{escape(bylines[ch['byline']])}</p>")
    if ch["reading_time"]:
        count = sum(len(b.text.split()) + sum(len(i.split()) for i in b.items) for b in case.body)
        parts.append(f"<p{theme.c('article__reading-time')}>{count // 200 + 1} min read</p>")
    if stamps:
        parts.append(stamps)
    if not parts:
        return ""
    return f"<div{theme.c('article__meta')}>{''.join(parts)}</div>"


def _stamps(theme: Theme, case: ReplicaCaseStudy, updated: datetime) -> tuple[str, str]:
    """The published and updated stamps: (the header's, after the body's)."""
    ch = theme.ch
    published = []
    if case.shows_date:
        label = PUBLISHED_LABELS[ch["date_label"]]
        published.append((label, _date(theme, case.created, ch["date_form"])))
    updates = []
    if ch["updated_stamp"] != "none":
        label = UPDATED_LABELS[ch["updated_stamp"]]
        updates.append((label, _date(theme, updated, ch["updated_form"])))
        if ch["updated_stamp"] == "reviewed_next_due":
            due = updated + timedelta(days=3 * 365)
            updates.append(("Next review due:", _date(theme, due, ch["updated_form"])))
    if ch["stamps_place"] == "split":
        return _stamp_block(theme, published), _stamp_block(theme, updates, after=True)
    stamps = updates + published if ch["updated_order"] == "before" else published + updates
    if ch["stamps_place"] == "header":
        return _stamp_block(theme, stamps), ""
    return "", _stamp_block(theme, stamps, after=True)


def _date(theme: Theme, when: datetime, form: str) -> str:
    text = escape(written(when, form))
    kind = theme.ch["date_time_element"]
    if kind == "none":
        return text
    return f'<time datetime="{machine(when, kind)}">{text}</time>'


def _stamp_block(theme: Theme, stamps: list[tuple[str, str]], after: bool = False) -> str:
    if not stamps:
        return ""
    layout = theme.ch["stamps_layout"]
    role = "page-info" if after else "article__dates"
    if layout == "inline":
        text = ' <span aria-hidden="true">\u00b7</span> '.join(
            f"{escape(label)} {date}" if label else date for label, date in stamps
        )
        return f"<p{theme.c(role)}>{text}</p>"
    if layout == "dl":
        items = "".join(
            f"<dt>{escape(label) if label else theme.sr('Published')}</dt><dd>{date}</dd>"
            for label, date in stamps
        )
        return f"<dl{theme.c(role)}>{items}</dl>"
    if layout == "list":
        items = "".join(
            f"<li>{escape(label)} {date}</li>" if label else f"<li>{date}</li>"
            for label, date in stamps
        )
        return f"<ul{theme.c(role)}>{items}</ul>"
    return "".join(
        f"<div{theme.c(role + '-item')}>{escape(label) + ' ' if label else ''}{date}</div>"
        for label, date in stamps
    )


def _topics(theme: Theme, case: ReplicaCaseStudy) -> str:
    """The topic lines in the seed's form, under the seed's heading (nothing without topics)."""
    if not case.topic_ids:
        return ""
    ch = theme.ch
    form, heading = ch["topic_form"], ch["topic_heading"]
    pairs = list(zip(case.topic_ids, case.topics, strict=True))
    if form == "comma":
        links = ", ".join(
            f'<a href="{theme.topic_href(t)}"{theme.c("tags__link")}>{escape(n)}</a>'
            for t, n in pairs
        )
        label = (
            f"<span{theme.c('tags__label')}>{escape(heading)}:</span> " if heading != "none" else ""
        )
        return f"<p{theme.c('tags')}>{label}{links}</p>"
    if form == "chips":
        inner = "".join(
            f'<li{theme.c("chip")}><a href="{theme.topic_href(t)}"{theme.c("chip__link", "tag")}>'
            f"{escape(n)}</a></li>"
            for t, n in pairs
        )
        inner = f"<ul{theme.c('chips')}>{inner}</ul>"
    elif form == "lines":
        inner = "".join(
            f'<div{theme.c("topic")}><a href="{theme.topic_href(t)}">{escape(n)}</a></div>'
            for t, n in pairs
        )
    else:
        hidden = form == "site_hidden"
        inner = "".join(
            f"<div{theme.c('topic')}>{theme.topic_label(t, n, case.old_style, hidden)}</div>"
            for t, n in pairs
        )
    top = theme.heading(heading, "topics__heading") if heading != "none" else ""
    return f"<div{theme.c('topics')}>{top}{inner}</div>"


def _series(theme: Theme, case: ReplicaCaseStudy) -> str:
    if not case.series_line:
        return ""
    style, text = theme.ch["series_style"], escape(case.series_line)
    if style == "p_em":
        return f"<p{theme.c('series')}><em>{text}</em></p>"
    if style == "note_div":
        return f"<div{theme.c('series', 'note')}><p>{text}</p></div>"
    if style == "callout":
        return f'<div{theme.c("callout")} role="note"><p>{text}</p></div>'
    return f"<p{theme.c('series')}>{text}</p>"


# --- body -------------------------------------------------------------------------------------
def _needs_ids(ch: dict, case: ReplicaCaseStudy) -> bool:
    return ch["heading_ids"] or ch["toc"] != "none" or ch["body_style"] == "accordion_buttons"


def _heading_ids(blocks: list[BodyBlock]) -> dict[int, str]:
    """An anchor for each h2/h3 body heading (by block index), unique on the page."""
    ids: dict[int, str] = {}
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        if block.kind != "heading" or block.heading_style == "bold":
            continue
        base = re.sub(r"[^a-z0-9]+", "-", block.text.lower()).strip("-") or "section"
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        ids[i] = anchor
    return ids


def _block(block: BodyBlock, anchor: str | None = None, button: bool = False) -> str:
    """One body block, every paragraph a single element."""
    if block.kind == "heading":
        text = escape(block.text)
        if block.heading_style == "bold":
            return f"<p><strong>{text}</strong></p>"
        tag = block.heading_style
        id_attr = f' id="{anchor}"' if anchor else ""
        if button:
            text = (
                f'<button type="button" aria-expanded="false" aria-controls="{anchor}-panel">'
                f"{text}</button>"
            )
        return f"<{tag}{id_attr}>{text}</{tag}>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    return f"<p>{segments_html(block.segments)}</p>"


def _body(theme: Theme, case: ReplicaCaseStudy, ids: dict[int, str]) -> str:
    style = theme.ch["body_style"]
    headings = [b for b in case.body if b.kind == "heading"]
    if style.startswith("accordion") and (
        not headings or any(b.heading_style == "bold" for b in headings)
    ):
        style = "sections" if headings else "plain"  # accordions need real headings
    if style == "sections" and not headings:
        style = "plain"
    button = style == "accordion_buttons"
    rendered = [_block(b, ids.get(i), button) for i, b in enumerate(case.body)]
    if style == "plain":
        inner = "\n".join(rendered)
    else:
        preamble: list[str] = []
        sections: list[tuple[str, list[str], str | None]] = []
        for i, (block, html) in enumerate(zip(case.body, rendered, strict=True)):
            if block.kind == "heading":
                sections.append((html, [], ids.get(i)))
            elif sections:
                sections[-1][1].append(html)
            else:
                preamble.append(html)
        out = ["\n".join(preamble)] if preamble else []
        for number, (head, content, anchor) in enumerate(sections):
            inside = "\n".join(content)
            if style == "sections":
                tag = "section" if theme.ch["landmarks"] == "semantic" else "div"
                out.append(f"<{tag}{theme.c('body__section')}>{head}\n{inside}</{tag}>")
            elif style == "accordion_details":
                out.append(
                    f"<details{theme.c('accordion__item')}><summary{theme.c('accordion__summary')}>"
                    f"{head}</summary><div{theme.c('accordion__panel')}>{inside}</div></details>"
                )
            else:
                panel = f"{anchor or f'section-{number}'}-panel"
                out.append(
                    f"<div{theme.c('accordion__section')}><div{theme.c('accordion__header')}>"
                    f'{head}</div><div id="{panel}"{theme.c("accordion__content")}>{inside}'
                    "</div></div>"
                )
        inner = "\n".join(out)
        if style.startswith("accordion"):
            inner = f'<div{theme.c("accordion")} data-module="accordion">{inner}</div>'
    body = f"<div{theme.c('article__body', 'field--body')}>\n{inner}\n</div>"
    return theme.wrap(body, theme.ch["body_depth"], "body")


def _toc(theme: Theme, case: ReplicaCaseStudy, ids: dict[int, str]) -> str:
    if theme.ch["toc"] == "none" or not ids:
        return ""
    items = "".join(
        f'<li><a href="#{anchor}">{escape(case.body[i].text.rstrip(":"))}</a></li>'
        for i, anchor in ids.items()
    )
    heading = words.TOC_HEADINGS[theme.seed % 2]
    return theme.region(
        "nav",
        "toc",
        f"{theme.heading(heading, 'toc__heading')}<ol{theme.c('toc__list')}>{items}</ol>",
        label=heading,
    )


# --- around the body ----------------------------------------------------------------------------
def _print_download(theme: Theme, view: DetailView, size: str) -> str:
    form = theme.ch["print_download"]
    if form == "none":
        return ""
    items = []
    if form in ("print", "both"):
        items.append(
            f'<li><button type="button" onclick="window.print()"{theme.c("tools__print")}>'
            "Print this page</button></li>"
        )
    if form in ("download", "both"):
        path = f"/sites/default/files/documents/{view.case.slug}.pdf"
        href = view.base_url + path if theme.ch["download_url"] == "absolute" else path
        items.append(
            f'<li><a href="{href}"{theme.c("tools__download")} download>Download the full case '
            f"study <span>(PDF, {size})</span></a></li>"
        )
    return f"<ul{theme.c('tools')}>{''.join(items)}</ul>"


def _feedback(theme: Theme, case: ReplicaCaseStudy) -> str:
    form = theme.ch["feedback"]
    if form == "none":
        return ""
    parts = []
    if form in ("useful", "both"):
        parts.append(
            f"<div{theme.c('feedback__useful')}><p>{words.FEEDBACK_QUESTION}</p>"
            f'<button type="button">Yes{theme.sr(" this page is useful")}</button>'
            f'<button type="button">No{theme.sr(" this page is not useful")}</button></div>'
        )
    if form in ("report", "both"):
        parts.append(
            f'<p{theme.c("feedback__report")}><a href="/contact?page=/case-studies/{case.slug}">'
            f"{words.REPORT_PROBLEM}</a></p>"
        )
    return f"<div{theme.c('feedback')}>{''.join(parts)}</div>"


def _related(theme: Theme, view: DetailView) -> str:
    """The related block: the view's links, with the other case studies' summaries and labels."""
    if not view.related:
        return ""
    ch = theme.ch
    form, heading = ch["related_form"], ch["related_heading"]
    others = list(view.related_cases)
    items = []
    for index, (title, href) in enumerate(view.related):
        other = others[index] if index < len(others) else None
        link = f'<a href="{escape(href)}"{theme.c("related__link")}>{escape(title)}</a>'
        extra = ""
        if (
            ch["related_summaries"]
            and other is not None
            and other.summary
            and other.summary != view.case.summary
        ):
            extra += f"<p{theme.c('related__summary')}>{escape(other.summary)}</p>"
        if ch["related_labels"] and other is not None and other.teaser_label and other.topic_ids:
            label = theme.topic_label(
                other.topic_ids[0], other.topics[0], other.old_style, hidden=True
            )
            extra += f"<div{theme.c('related__topic')}>{label}</div>"
        if form == "list":
            items.append(f"<li{theme.c('related__item')}>{link}{extra}</li>")
        elif form == "cards":
            items.append(
                f"<div{theme.c('card')}>{theme.heading(link, 'card__title', 1, raw=True)}{extra}</div>"
            )
        else:
            items.append(
                f'<div{theme.c("carousel__slide")} role="group" aria-roledescription="slide" '
                f'aria-label="{index + 1} of {len(view.related)}">{link}{extra}</div>'
            )
    if form == "list":
        inner = f"<ul{theme.c('related__list')}>{''.join(items)}</ul>"
    elif form == "cards":
        inner = f"<div{theme.c('related__cards')}>{''.join(items)}</div>"
    else:
        inner = (
            f"<div{theme.c('carousel__track')}>{''.join(items)}</div>"
            f'<button type="button"{theme.c("carousel__prev")}>{theme.sr("Previous slide")}</button>'
            f'<button type="button"{theme.c("carousel__next")}>{theme.sr("Next slide")}</button>'
        )
    top = theme.heading(heading, "related__heading") if heading != "none" else ""
    label = "" if heading != "none" else ' aria-label="Related case studies"'
    roledesc = ' aria-roledescription="carousel"' if form == "carousel" else ""
    return f"<div{theme.c('related')}{label}{roledesc}>{top}{inner}</div>"
