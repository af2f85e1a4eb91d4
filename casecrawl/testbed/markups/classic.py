"""Variant 'classic': a Drupal-like theme with nested wrappers, <time datetime> dates, h2 pager."""

from __future__ import annotations

from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape, segments_html


def _page(title: str, banner: str, main: str, extra_head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Local Government Association</title>
{extra_head}</head>
<body class="path-case-studies">
<div class="sitewide-alert"><div class="sitewide-alert__text"><p>{escape(banner)}</p></div></div>
<header class="site-header" role="banner"><a href="/" class="logo">Local Government Association</a>
<nav class="main-menu" aria-label="Main"><ul>
<li><a href="/topics">Topics</a></li><li><a href="/case-studies">Case studies</a></li>
<li><a href="/publications">Publications</a></li><li><a href="/about">About</a></li></ul></nav>
</header>
<main id="main-content" class="layout-main">{main}</main>
<footer class="site-footer"><ul><li><a href="/contact">Contact the LGA</a></li>
<li><a href="/privacy">Privacy</a></li></ul><p>Local Government Association, 18 Smith Square, London</p>
</footer></body></html>"""


def render_listing(view: ListingView) -> str:
    """A listing page: intro, filters, count sentence, teasers, pager."""
    topic_opts = "".join(
        f'<li><label><input type="checkbox" name="topic[{i}]" value="{i}">{escape(n)}</label></li>'
        for i, n in view.topics.items()
    )
    support_opts = "".join(
        f'<li><label><input type="checkbox" name="subject[{i}]" value="{i}">{escape(n)}</label></li>'
        for i, n in view.support_types.items()
    )
    teasers = "".join(_teaser(view, c) for c in view.results)
    pager = []
    if view.page > 0:
        pager.append(
            f'<li class="pager__item--previous"><a href="{escape(view.page_url(view.page - 1))}" rel="prev">‹ Previous</a></li>'
        )
    for n in range(max(0, view.page - 2), min(view.last_page, view.page + 2) + 1):
        current = ' aria-current="page"' if n == view.page else ""
        pager.append(
            f'<li class="pager__item"><a href="{escape(view.page_url(n))}"{current}>{n + 1}</a></li>'
        )
    if view.page < view.last_page:
        pager.append(
            f'<li class="pager__item--next"><a href="{escape(view.page_url(view.page + 1))}" rel="next">Next ›</a></li>'
        )
    main = f"""
<div class="block-page-title"><h1 class="page-title">Case studies</h1></div>
<div class="intro-text"><p>Innovation in local government is about improving the lives of the people in our communities. Browse through our case studies to see the many innovative programmes councils are involved in.</p>
<p>If you have a case study you'd like to share here, please <a href="/contact">get in touch</a>.</p></div>
<div class="covid-block"><h2>COVID-19 case studies</h2><p>Councils are doing remarkable work to address the challenges brought by coronavirus.</p></div>
<form class="views-exposed-form" action="/case-studies" method="get">
<fieldset class="filter-topics"><legend>Filter by topics</legend><ul><li><label><input type="checkbox" name="topic_all">- All -</label></li>{topic_opts}</ul></fieldset>
<fieldset class="filter-support"><legend>Filter by support type</legend><ul><li><label><input type="checkbox" name="subject_all">- All -</label></li>{support_opts}</ul></fieldset>
</form>
<div class="view-case-studies">
<div class="view-header"><p>Your search returned {view.total} results</p></div>
<div class="view-content">{teasers}</div>
<nav class="pager" role="navigation" aria-label="Pagination"><ul class="pager__items">{"".join(pager)}</ul></nav>
</div>"""
    return _page("Case studies", view.banner, main)


def _teaser(view: ListingView, case) -> str:
    label = ""
    if case.teaser_label:
        topic = case.topics[0]
        if case.old_style:
            label = f'<div class="field--name-field-topic">{escape(topic)}</div>'
        else:
            label = (
                f'<div class="teaser__topic"><a href="{topic_path(case.topic_ids[0])}">View all'
                f'<span class="visually-hidden">{escape(topic)} articles</span></a></div>'
            )
    summary = (
        f'<div class="teaser__summary"><p>{escape(case.summary)}</p></div>' if case.summary else ""
    )
    return f"""<div class="views-row"><article class="node--type-case-study node--view-mode-teaser">
<h3 class="teaser__title"><a href="{escape(view.teaser_href(case))}" hreflang="en">{escape(case.title)}</a></h3>
{summary}{label}</article></div>"""


def render_detail(view: DetailView) -> str:
    """A case-study page: title, summary, topic lines, date, body, related block."""
    case = view.case
    head = f'<link rel="canonical" href="{view.base_url}/case-studies/{case.slug}">'
    date_html = ""
    if case.shows_date:
        iso = case.created.date().isoformat()
        head += f'\n<meta property="article:published_time" content="{case.created.isoformat()}">'
        shown = f"{case.created.day} {case.created:%B %Y}"
        date_html = f'<div class="node__meta">Published <time datetime="{iso}">{shown}</time></div>'
    topics = []
    for tid, name in zip(case.topic_ids, case.topics, strict=True):
        if case.old_style:
            topics.append(f'<div class="field--name-field-topic">{escape(name)}</div>')
        else:
            topics.append(
                f'<div class="topic-link"><a href="{topic_path(tid)}">View all'
                f'<span class="visually-hidden">{escape(name)} articles</span></a></div>'
            )
    summary = (
        f'<div class="field--name-field-summary"><p>{escape(case.summary)}</p></div>'
        if case.summary
        else ""
    )
    series = f'<p class="series-note">{escape(case.series_line)}</p>' if case.series_line else ""
    body = []
    for block in case.body:
        if block.kind == "heading":
            if block.heading_style == "bold":
                body.append(f"<p><strong>{escape(block.text)}</strong></p>")
            else:
                tag = block.heading_style
                body.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif block.kind == "list":
            body.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>")
        else:
            body.append(f"<p>{segments_html(block.segments)}</p>")
    related = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in view.related)
    main = f"""
<article class="node node--type-case-study node--view-mode-full">
<div class="node__header"><h1 class="page-title"><span>{escape(case.title)}</span></h1>
{summary}
<div class="node__topics">{"".join(topics)}</div>
{date_html}
{series}</div>
<div class="node__content"><div class="clearfix text-formatted field--name-body">{"".join(body)}</div></div>
</article>
<div class="related-content"><h2>Related case studies</h2><ul>{related}</ul></div>"""
    return _page(case.title, view.banner, main, head)


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """The page a missing or withdrawn case study answers with."""
    message = "This page has been removed" if status == 410 else "Page not found"
    return _page(message, banner, f"<h1>{message}</h1><p>Sorry, we could not find that page.</p>")
