"""Variant 'plain': div soup with no HTML5 sectioning, a <table> of teasers, facet-link filters.

Nothing here shares a class, id or element role with 'classic' or 'flat': no <main>, <article>,
<nav>, <aside>, <header>, <footer> or <section>; the menu (with links to case studies) is a plain
div before the h1, the footer a plain div after the content; headings are shifted down (h3/h4),
body paragraphs are <div>s, the summary is bare text in a <div>, the count's number sits in a
<span> with a thousands separator, dates are visible text in one of two forms (day-first).
"""

from __future__ import annotations

from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape, segments_html

MENU = (("/", "Home"), ("/topics", "Our topics"), ("/case-studies", "Case studies"),
        ("/publications", "Publications"), ("/about", "About the LGA"))  # fmt: skip


def _menu(picks: list[tuple[str, str]]) -> str:
    items = " | ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for h, t in MENU)
    extra = ""
    if picks:
        links = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in picks)
        extra = f'<div class="pl-menu-picks">Popular case studies<ul>{links}</ul></div>'
    return f'<div class="pl-menu" id="pl-top"><div class="pl-menu-bar">{items}</div>{extra}</div>'


def _page(title: str, banner: str, body: str, picks: list[tuple[str, str]], head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(title)} | LGA</title>
{head}</head>
<body>
<div class="pl-notice"><strong>{escape(banner)}</strong></div>
<div class="pl-shell">
<div class="pl-brand"><a href="/"><img src="/logo.png" alt="Local Government Association"></a></div>
{_menu(picks)}
<div class="pl-body">{body}</div>
<div class="pl-bottom"><div><a href="/contact">Contact the LGA</a> - <a href="/privacy">Privacy</a>
- <a href="/accessibility">Accessibility</a></div>
<div>Local Government Association, 18 Smith Square, London SW1P 3HZ</div></div>
</div>
</body></html>"""


def _facets(param: str, entries: dict[int, str]) -> str:
    links = ['<li><a href="/case-studies">- All -</a></li>']
    for i, name in entries.items():
        href = f"/case-studies?{param}%5B{i}%5D={i}"
        links.append(f'<li><a href="{escape(href)}">{escape(name)}</a></li>')
    return f"<ul>{''.join(links)}</ul>"


def _topic_link(tid: int, name: str) -> str:
    return f'<a href="{topic_path(tid)}">View all<span class="pl-sr">{escape(name)}</span> articles</a>'


def render_listing(view: ListingView) -> str:
    """A listing page: intro, facet filters, count sentence, teaser table, pager."""
    picks = view.featured or [(c.title, f"/case-studies/{c.slug}") for c in view.results[:2]]
    rows = "\n".join(_row(view, c) for c in view.results)
    body = f"""
<div class="pl-cols">
<div class="pl-left">
<div class="pl-facet"><h4>Filter by topics</h4>{_facets("topic", view.topics)}</div>
<div class="pl-facet"><h4>Filter by support type</h4>{_facets("subject", view.support_types)}</div>
</div>
<div class="pl-right">
<h1>Case studies</h1>
<div class="pl-blurb">Innovation in local government is about improving the lives of the people in our communities. Browse through our case studies to see the many innovative programmes councils are involved in.<br><br>If you have a case study you'd like to share here, please <a href="/contact">get in touch</a>.</div>
<div class="pl-box"><h3>COVID-19 case studies</h3>Councils are doing remarkable work to address the challenges brought by coronavirus.</div>
<div class="pl-found">Your search returned <span>{view.total:,}</span> results</div>
<table class="pl-list" cellpadding="4" cellspacing="0" width="100%"><tbody>
{rows}
</tbody></table>
<div class="pl-pgn">{_pager(view)}</div>
</div>
</div>"""
    return _page("Case studies", view.banner, body, picks)


def _row(view: ListingView, case) -> str:
    cells = f'<strong><a href="{escape(view.teaser_href(case))}">{escape(case.title)}</a></strong>'
    if case.summary is not None:
        cells += f'<div class="pl-desc">{escape(case.summary)}</div>'
    label = ""
    if case.teaser_label:
        tid, topic = case.topic_ids[0], case.topics[0]
        label = escape(topic) if case.old_style else _topic_link(tid, topic)
    return f'<tr><td valign="top">{cells}</td><td valign="top" class="pl-tag">{label}</td></tr>'


def _pager(view: ListingView) -> str:
    out = []
    for n in range(max(0, view.page - 3), min(view.last_page, view.page + 3) + 1):
        if n == view.page:
            out.append(f'<span class="pl-here">{n + 1}</span>')
        else:
            out.append(f'<a href="{escape(view.page_url(n))}">{n + 1}</a>')
    if view.page < view.last_page:
        out.append(f'<a href="{escape(view.page_url(view.page + 1))}">next ›</a>')
    return " ".join(out)


def _date_line(case) -> str:
    day = case.created.date()
    if case.nid % 2 == 0:
        return f'<div class="pl-when"><span>Published on {day.day} {day:%B %Y}</span></div>'
    return f'<div class="pl-when">{day:%d/%m/%Y}</div>'


def _block(block) -> str:
    if block.kind == "heading":
        if block.heading_style == "bold":
            return f"<p><strong>{escape(block.text)}</strong></p>"
        tag = "h3" if block.heading_style == "h2" else "h4"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if block.kind == "list":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    return f"<div>{segments_html(block.segments)}</div>"


def render_detail(view: DetailView) -> str:
    """A case-study page: menu div, h1, bare-text summary, topic lines, date, body, related div."""
    case = view.case
    parts = [f"<h1>{escape(case.title)}</h1>"]
    if case.summary is not None:
        parts.append(f'<div class="pl-standfirst">{escape(case.summary)}</div>')
    for tid, name in zip(case.topic_ids, case.topics, strict=True):
        line = escape(name) if case.old_style else _topic_link(tid, name)
        parts.append(f'<div class="pl-subj">{line}</div>')
    if case.shows_date:
        parts.append(_date_line(case))
    if case.series_line:
        parts.append(f'<div class="pl-aside"><em>{escape(case.series_line)}</em></div>')
    blocks = "\n".join(_block(b) for b in case.body)
    parts.append(f'<div class="pl-copy">\n{blocks}\n</div>')
    related = "\n".join(f'<p><a href="{escape(h)}">{escape(t)}</a></p>' for t, h in view.related)
    body = f"""
<div class="pl-item">
{chr(10).join(parts)}
</div>
<div class="pl-next"><h3>Related case studies</h3>
{related}
</div>"""
    return _page(case.title, view.banner, body, view.related[:2])


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """The page a missing or withdrawn case study answers with."""
    message = "This page has been removed" if status == 410 else "Page not found"
    body = f'<h1>{message}</h1>\n<div>Sorry, that page is not available. <a href="/case-studies">Browse all case studies</a>.</div>'
    return _page(message, banner, body, [])
