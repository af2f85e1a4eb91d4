"""Variant 'flat': no per-item wrappers, <h2> teasers, <select> filters, dates as visible text only.

Everything a parser could hang on in 'classic' is different here: no class name, id or wrapper in
common, teasers and detail fields are bare siblings in one container, dates carry no <time> or
<meta> and come in several wordings.
"""

from __future__ import annotations

from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape, segments_html

MENU = (("/", "Home"), ("/topics", "Topics"), ("/case-studies", "Case studies"),
        ("/publications", "Publications"), ("/about", "About"))  # fmt: skip


def _nav(featured: list[tuple[str, str]]) -> str:
    links = " ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for h, t in MENU)
    if featured:
        picks = " ".join(f'<a href="{escape(h)}">{escape(t)}</a>' for t, h in featured)
        links += f' <span class="cs-menu-label">Featured:</span> {picks}'
    return f'<nav class="cs-menu" aria-label="Site menu">{links}</nav>'


def _page(title: str, banner: str, content: str, kind: str, head: str = "", nav: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{escape(title)} - Local Government Association</title>
{head}</head>
<body data-cs-page="{kind}">
<div class="cs-strap" role="alert"><span>{escape(banner)}</span></div>
{nav or _nav([])}
<div id="cs-page" role="main">{content}</div>
<footer class="cs-foot"><a href="/contact">Contact the LGA</a> &middot;
<a href="/privacy">Privacy</a><br>Local Government Association, 18 Smith Square, London</footer>
</body></html>"""


def _options(name: str, entries: dict[int, str]) -> str:
    options = "".join(f'<option value="{i}">{escape(n)}</option>' for i, n in entries.items())
    return f'<select id="cs-f-{name}" name="{name}"><option value="All">- All -</option>{options}</select>'


def render_listing(view: ListingView) -> str:
    """A listing page: intro, filters, count sentence, flat teasers, pager."""
    featured = view.featured or [(c.title, f"/case-studies/{c.slug}") for c in view.results[:2]]
    teasers = "\n".join(_teaser(view, c) for c in view.results)
    content = f"""
<h1>Case studies</h1>
<p class="cs-lede">Innovation in local government is about improving the lives of the people in our communities. Browse through our case studies to see the many innovative programmes councils are involved in. If you have a case study you'd like to share here, please <a href="/contact">get in touch</a>.</p>
<section class="cs-covid"><h2>COVID-19 case studies</h2><p>Councils are doing remarkable work to address the challenges brought by coronavirus.</p></section>
<form class="cs-filters" action="/case-studies" method="get"><dl>
<dt><label for="cs-f-topic">Filter by topics</label></dt><dd>{_options("topic", view.topics)}</dd>
<dt><label for="cs-f-subject">Filter by support type</label></dt><dd>{_options("subject", view.support_types)}</dd>
</dl><button type="submit">Apply</button></form>
<div class="cs-tally"><span>Your search returned <b>{view.total}</b> results</span></div>
<section class="cs-results">
{teasers}
</section>
<div class="cs-pages" role="navigation">{_pager(view)}</div>"""
    return _page("Case studies", view.banner, content, "listing", nav=_nav(featured))


def _teaser(view: ListingView, case) -> str:
    parts = [f'<h2><a href="{escape(view.teaser_href(case))}">{escape(case.title)}</a></h2>']
    if case.summary is not None:
        parts.append(f"<p>{escape(case.summary)}</p>")
    if case.teaser_label:
        topic = case.topics[0]
        if case.old_style:
            parts.append(f"<p>{escape(topic)}</p>")
        else:
            parts.append(
                f'<a href="{topic_path(case.topic_ids[0])}">View all {escape(topic)} articles</a>'
            )
    return "\n".join(parts)


def _pager(view: ListingView) -> str:
    def link(n: int, text: str) -> str:
        return f'<a href="{escape(view.page_url(n))}">{text}</a>'

    out = []
    if view.page > 0:
        out += [link(0, "First"), link(view.page - 1, "Previous")]
    for n in range(max(0, view.page - 4), min(view.last_page, view.page + 4) + 1):
        out.append(f"<strong>{n + 1}</strong>" if n == view.page else link(n, str(n + 1)))
    if view.page < view.last_page:
        out += [link(view.page + 1, "Next"), link(view.last_page, "Last")]
    return " ".join(out)


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_line(case) -> str:
    """The publication date as visible text only, its wording chosen by the node id."""
    day = case.created.date()
    form = case.nid % 3
    if form == 0:
        return f"Published: {_ordinal(day.day)} {day:%B %Y}"
    if form == 1:
        return f"{day:%d/%m/%Y}"
    return f"Date published: {day.day} {day:%B %Y}"


def _block(block) -> str:
    if block.kind == "heading":
        if block.heading_style == "bold":
            return f"<p><b>{escape(block.text)}</b></p>"
        tag = "h3" if block.heading_style == "h3" else "h2"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if block.kind == "list":
        return "<ol>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ol>"
    return f"<p>{segments_html(block.segments)}</p>"


def render_detail(view: DetailView) -> str:
    """A case-study page: every field and body block a sibling in one container."""
    case = view.case
    head = f'<link rel="canonical" href="{escape(view.base_url)}/case-studies/{escape(case.slug)}">'
    parts = [f"<h1>{escape(case.title)}</h1>"]
    if case.summary is not None:
        parts.append(f"<p>{escape(case.summary)}</p>")
    for tid, name in zip(case.topic_ids, case.topics, strict=True):
        if case.old_style:
            parts.append(f"<p>{escape(name)}</p>")
        else:
            parts.append(f'<p><a href="{topic_path(tid)}">View all {escape(name)} articles</a></p>')
    if case.shows_date:
        parts.append(f"<p>{escape(_date_line(case))}</p>")
    if case.series_line:
        parts.append(f"<p>{escape(case.series_line)}</p>")
    parts += [_block(b) for b in case.body]
    related = "\n".join(f'<p><a href="{escape(h)}">{escape(t)}</a></p>' for t, h in view.related)
    content = f"""
<section class="cs-entry">
{chr(10).join(parts)}
</section>
<aside class="cs-more"><h2>You may also be interested in</h2>
{related}
</aside>"""
    return _page(case.title, view.banner, content, "case-study", head)


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """The page a missing or withdrawn case study answers with."""
    message = "This page has been removed" if status == 410 else "Page not found"
    content = f"<h1>{message}</h1>\n<p>The page you asked for is not here. Try the search.</p>"
    return _page(message, banner, content, "error")
