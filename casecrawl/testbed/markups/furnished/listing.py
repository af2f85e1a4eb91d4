"""The furnished markup's listing page: intro, filters, count sentence, teasers, pager.

What it must convey: the h1 "Case studies", an intro, the filters headed "Filter by topics" and
"Filter by support type" whose options start with "- All -" and carry each term's ID, the
sentence "Your search returned N results" (thousands separator, "1 result"), one teaser per
result with its title as a link to the case study, its summary (possibly cut) and its topic label
in the site's forms, and a pager over pages 0..last_page.
"""

from __future__ import annotations

import random

from casecrawl.testbed.markups.furnished import choices as words
from casecrawl.testbed.markups.furnished.dates import machine, written
from casecrawl.testbed.markups.furnished.detail import shorten
from casecrawl.testbed.markups.furnished.frame import Theme
from casecrawl.testbed.site import ReplicaCaseStudy
from casecrawl.testbed.views import ListingView, escape

SORTS = (
    ("created_DESC", "Newest first"),
    ("created_ASC", "Oldest first"),
    ("title_ASC", "Title A to Z"),
)
THUMB_ALTS = (
    "Photograph illustrating the case study",
    "Council staff and residents",
    "A local community project",
)


def render_listing(theme: Theme, view: ListingView) -> str:
    ch = theme.ch
    rng = random.Random(f"furnished:{theme.seed}:listing")
    alt = rng.choice(THUMB_ALTS)
    intro = _intro(theme)
    covid = _covid(theme) if ch["covid_block"] else ""
    filters = _filters(theme, view)
    count = _count(theme, view)
    sort = _sort_form(theme) if ch["sort_select"] and ch["count_place"] == "toolbar" else ""
    teasers = _teasers(theme, view, alt)
    pager = _pager(theme, view)
    if ch["count_place"] == "toolbar":
        results = f"<div{theme.c('results__toolbar')}>{count}{sort}</div>{teasers}"
    elif ch["count_place"] == "after_results":
        results = teasers + count
    else:
        results = count + teasers
    results = f"<div{theme.c('results')}>{results}{pager}</div>"
    if ch["filter_place"] == "above":
        content = filters + results
    else:
        aside = theme.region("aside", "listing__filters", filters, label="Filters")
        row = aside + results if ch["filter_place"] == "sidebar_left" else results + aside
        content = f"<div{theme.c('listing__layout')}>{row}</div>"
    main = (
        f"<div{theme.c('listing__header')}><h1{theme.c('listing__title')}>Case studies</h1>"
        f"{intro}</div>{covid}{content}"
    )
    if ch["newsletter"] == "after_content":
        main += theme.newsletter()
    sidebar = (theme.popular() if ch["sidebar_popular"] else "") + (
        theme.contact(words.CONTACT_HEADINGS[0]) if ch["sidebar_contact"] else ""
    )
    if ch["newsletter"] == "sidebar":
        sidebar += theme.newsletter()
    featured = view.featured
    if not featured and ch["nav_featured"]:
        featured = [(c.title, f"/case-studies/{c.slug}") for c in view.results[:2]]
    crumbs = None
    if ch["breadcrumbs"] == "no_current":
        crumbs = [("Home", "/")]
    elif ch["breadcrumbs"] != "none":
        crumbs = [("Home", "/"), ("Case studies", None)]
    return theme.page(
        title="Case studies",
        head=_head(theme, view),
        main=main,
        banner=view.banner,
        crumbs=crumbs,
        sidebar=sidebar,
        featured=featured,
        body_class="path-case-studies page-view-case-studies",
    )


def _head(theme: Theme, view: ListingView) -> str:
    ch = theme.ch
    meta = []
    if ch["meta_description"] != "absent":
        meta.append(f'<meta name="description" content="{escape(words.LISTING_INTROS[0])}">')
    if ch["canonical"]:
        meta.append(f'<link rel="canonical" href="{view.base_url}/case-studies">')
    if ch["opengraph"]:
        meta.append('<meta property="og:title" content="Case studies">')
        meta.append('<meta property="og:type" content="website">')
    if ch["head_pager_links"]:
        if view.page > 0:
            meta.append(f'<link rel="prev" href="{escape(view.page_url(view.page - 1))}">')
        if view.page < view.last_page:
            meta.append(f'<link rel="next" href="{escape(view.page_url(view.page + 1))}">')
    return "\n".join(meta)


def _intro(theme: Theme) -> str:
    form = theme.ch["listing_intro"]
    first = escape(words.LISTING_INTROS[0])
    if form == "lead":
        return f'<p class="lead">{first}</p>'
    if form == "two_p":
        return (
            f"<p>{first}</p><p>If you have a case study you would like to share here, please "
            '<a href="/contact">get in touch</a>.</p>'
        )
    return f"<p{theme.c('listing__intro')}>{first}</p>"


def _covid(theme: Theme) -> str:
    return (
        f"<div{theme.c('covid')}>{theme.heading(words.COVID_HEADING, 'covid__heading')}"
        f"<p>{escape(words.COVID_TEXT)}</p>"
        '<p><a href="/coronavirus-information-councils/covid-19-case-studies">Read the '
        "COVID-19 case studies</a></p></div>"
    )


# --- filters ----------------------------------------------------------------------------------
def _tree(view: ListingView, terms: dict[int, str], nest: bool) -> list[tuple[int, list]]:
    """[(id, children)], children under their parent when `nest` (topics only)."""
    if not nest:
        return [(t, []) for t in terms]
    parents = {t: p for t, p in view.sub_topics.items() if t in terms and p in terms}

    def under(parent: int | None) -> list[tuple[int, list]]:
        return [(t, under(t)) for t in terms if parents.get(t) == parent]

    return under(None)


def _options(theme: Theme, param: str, terms: dict[int, str], tree: list) -> str:
    """The options of one filter, '- All -' first, in the seed's form."""
    form = theme.ch["filter_form"]
    if form == "select":
        options = "".join(f'<option value="{t}">{escape(terms[t])}</option>' for t in terms)
        return (
            f'<select name="{param}" id="edit-{param}"{theme.c("filter__select")}>'
            f'<option value="All" selected>- All -</option>{options}</select>'
        )

    def item(t: int, children: list) -> str:
        name = escape(terms[t])
        nested = f"<ul{theme.c('filter__children')}>{items(children)}</ul>" if children else ""
        if form == "links":
            href = f"/case-studies?{param}%5B{t}%5D={t}"
            return f'<li{theme.c("facet__item")}><a href="{href}" rel="nofollow">{name}</a>{nested}</li>'
        if form == "radios":
            control = f'<input type="radio" id="edit-{param}-{t}" name="{param}" value="{t}">'
        else:
            control = (
                f'<input type="checkbox" id="edit-{param}-{t}" name="{param}[{t}]" value="{t}">'
            )
        return (
            f"<li{theme.c('filter__option')}>{control}"
            f'<label for="edit-{param}-{t}">{name}</label>{nested}</li>'
        )

    def items(nodes: list) -> str:
        return "".join(item(t, children) for t, children in nodes)

    if form == "links":
        first = f'<li{theme.c("facet__item")}><a href="/case-studies">- All -</a></li>'
    elif form == "radios":
        first = (
            f'<li{theme.c("filter__option")}><input type="radio" id="edit-{param}-all" '
            f'name="{param}" value="All" checked><label for="edit-{param}-all">- All -</label></li>'
        )
    else:
        first = (
            f'<li{theme.c("filter__option")}><input type="checkbox" id="edit-{param}-all" '
            f'name="{param}_all" value="All"><label for="edit-{param}-all">- All -</label></li>'
        )
    return f"<ul{theme.c('filter__options')}>{first}{items(tree)}</ul>"


def _group(theme: Theme, heading: str, param: str, options: str) -> str:
    form = theme.ch["filter_heading"]
    if form == "legend":
        return f"<fieldset{theme.c('filter')}><legend>{heading}</legend>{options}</fieldset>"
    if form in ("h2", "h3"):
        return f"<div{theme.c('filter')}><{form}>{heading}</{form}>{options}</div>"
    if form == "details":
        return f"<details{theme.c('filter')} open><summary>{heading}</summary>{options}</details>"
    if theme.ch["filter_form"] == "select":
        return f'<div{theme.c("filter")}><label for="edit-{param}">{heading}</label>{options}</div>'
    return f"<div{theme.c('filter')}><div{theme.c('filter__label')}>{heading}</div>{options}</div>"


def _sort_form(theme: Theme) -> str:
    options = "".join(f'<option value="{v}">{t}</option>' for v, t in SORTS)
    return (
        f'<form action="/case-studies" method="get"{theme.c("sort")}><label for="edit-sort">'
        f'Sort by</label><select id="edit-sort" name="sort_bef_combine">{options}</select>'
        '<button type="submit">Sort</button></form>'
    )


def _filters(theme: Theme, view: ListingView) -> str:
    ch = theme.ch
    topics = _group(
        theme,
        "Filter by topics",
        "topic",
        _options(theme, "topic", view.topics, _tree(view, view.topics, ch["filter_nesting"])),
    )
    support = _group(
        theme,
        "Filter by support type",
        "subject",
        _options(theme, "subject", view.support_types, _tree(view, view.support_types, False)),
    )
    search = ""
    if ch["search_field"]:
        search = (
            f'<div{theme.c("filter__search")}><label for="edit-keys">Search case studies</label>'
            '<input type="text" id="edit-keys" name="keys" value=""></div>'
        )
    sort = ""
    if ch["sort_select"] and ch["count_place"] != "toolbar":
        options = "".join(f'<option value="{v}">{t}</option>' for v, t in SORTS)
        sort = (
            f'<div{theme.c("filter__sort")}><label for="edit-sort">Sort by</label>'
            f'<select id="edit-sort" name="sort_bef_combine">{options}</select></div>'
        )
    buttons = (
        f'<div{theme.c("filter__actions")}><button type="submit">Apply</button>'
        '<a href="/case-studies">Reset</a></div>'
    )
    if ch["filter_form"] == "links":  # facets are links; the search and sort are a small form
        extra = ""
        if search or sort:
            extra = f'<form action="/case-studies" method="get">{search}{sort}{buttons}</form>'
        return f"<div{theme.c('facets')}>{extra}{topics}{support}</div>"
    return (
        f'<form action="/case-studies" method="get"{theme.c("filters")}>{search}{topics}'
        f"{support}{sort}{buttons}</form>"
    )


# --- results ----------------------------------------------------------------------------------
def _count(theme: Theme, view: ListingView) -> str:
    ch = theme.ch
    number = f"{view.total:,}"
    noun = "result" if view.total == 1 else "results"
    if ch["count_markup"] == "strong":
        number = f"<strong>{number}</strong>"
    elif ch["count_markup"] == "span":
        number = f"<span{theme.c('results__number')}>{number}</span>"
    sentence = (
        f'<p{theme.c("results__count")} role="status">Your search returned {number} {noun}</p>'
    )
    if ch["showing_range"] and view.results:
        start = view.page * 10 + 1
        end = start + len(view.results) - 1
        sentence += (
            f"<p{theme.c('results__range')}>Showing {start:,} to {end:,} of {view.total:,} "
            f"{noun}</p>"
        )
    return sentence


def _tracked(href: str, mode: str, case: ReplicaCaseStudy) -> str:
    """A teaser link with tracking parameters (before any fragment)."""
    if mode == "none":
        return href
    param = (
        "utm_source=lga&utm_medium=listing&utm_campaign=case_studies"
        if mode == "utm"
        else f"gclid=EAIaIQobChMI{case.nid}x{case.nid % 97}BwE"
    )
    base, hash_, fragment = href.partition("#")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}{param}{hash_}{fragment}"


def _teasers(theme: Theme, view: ListingView, alt: str) -> str:
    form = theme.ch["teaser_container"]
    items = [_teaser(theme, view, case, alt) for case in view.results]
    if form == "ul":
        inner = "".join(f"<li{theme.c('teaser')}>{t}</li>" for t in items)
        return f"<ul{theme.c('results__list')}>{inner}</ul>"
    if form == "article":
        inner = "".join(f"<article{theme.c('teaser')}>{t}</article>" for t in items)
        return f"<div{theme.c('results__list')}>{inner}</div>"
    if form == "grid":
        inner = "".join(f'<div{theme.c("card")} role="listitem">{t}</div>' for t in items)
        return f'<div{theme.c("results__grid")} role="list">{inner}</div>'
    inner = "".join(f"<div{theme.c('teaser')}>{t}</div>" for t in items)
    return f"<div{theme.c('results__list')}>{inner}</div>"


def _teaser(theme: Theme, view: ListingView, case: ReplicaCaseStudy, alt: str) -> str:
    ch = theme.ch
    href = escape(_tracked(view.teaser_href(case), ch["teaser_tracking"], case))
    wrap = ch["card_link"] == "wrap"
    title_text = escape(case.title)
    if wrap:
        title_inner = title_text
    else:
        stretched = (
            theme.c("teaser__link", "stretched-link") if ch["card_link"] == "stretched" else ""
        )
        title_inner = f'<a href="{href}"{stretched}>{title_text}</a>'
    tag = ch["teaser_title_tag"]
    title = f"<{tag}{theme.c('teaser__title')}>{title_inner}</{tag}>"
    eyebrow = f"<p{theme.c('teaser__eyebrow')}>Case study</p>" if ch["teaser_eyebrow"] else ""
    thumb = ""
    if ch["teaser_thumb"] != "none":
        text = {"title": case.title, "generic": alt, "empty": ""}[ch["thumb_alt"]]
        thumb = (
            f'<img src="/sites/default/files/styles/card/public/case-studies/thumb-{case.nid}.jpg"'
            f' alt="{escape(text)}" loading="lazy" width="400" height="225"{theme.c("teaser__image")}>'
        )
    date = ""
    if ch["teaser_date"] != "none" and case.shows_date:
        shown = escape(written(case.created, ch["date_form"]))
        date = (
            f'<p{theme.c("teaser__date")}><time datetime="{machine(case.created, "date")}">'
            f"{shown}</time></p>"
        )
    summary = ""
    if case.summary is not None:
        text = case.summary
        if ch["teaser_summary"] != "full":
            text = shorten(text, 120, "\u2026" if ch["teaser_summary"] == "ellipsis" else "...")
        summary = f"<p{theme.c('teaser__summary')}>{escape(text)}</p>"
    more = ""
    if ch["teaser_read_more"] != "none":
        label = escape(ch["teaser_read_more"])
        hidden = theme.sr(f" about {case.title}")
        if wrap:
            more = f"<span{theme.c('teaser__more')}>{label}</span>"
        else:
            more = f'<p{theme.c("teaser__more")}><a href="{href}" tabindex="-1">{label}{hidden}</a></p>'
    label = ""
    if case.teaser_label and case.topic_ids:
        hidden_label = ch["teaser_label_form"] == "hidden_span"
        label = theme.topic_label(case.topic_ids[0], case.topics[0], case.old_style, hidden_label)
        label = f"<div{theme.c('teaser__topic')}>{label}</div>"
    before = thumb if ch["teaser_thumb"] == "before" else ""
    after = thumb if ch["teaser_thumb"] == "after" else ""
    above = date if ch["teaser_date"] == "above" else ""
    below = date if ch["teaser_date"] == "below" else ""
    inner = f"{before}{eyebrow}{above}{title}{summary}{below}{after}{more}"
    if wrap:
        return f'<a href="{href}"{theme.c("teaser__card-link")}>{inner}</a>{label}'
    return inner + label


def _pager(theme: Theme, view: ListingView) -> str:
    if view.last_page == 0:
        return ""
    form = theme.ch["pager"]
    page, last = view.page, view.last_page

    def link(n: int, text: str, rel: str = "", role: str = "pager__link") -> str:
        rel_attr = f' rel="{rel}"' if rel else ""
        return f'<a href="{escape(view.page_url(n))}"{theme.c(role)}{rel_attr}>{text}</a>'

    def number(n: int) -> str:
        if n == page:
            return f'<span{theme.c("pager__current")} aria-current="page">{n + 1}</span>'
        return link(n, f"{theme.sr('Page ')}{n + 1}")

    prev = link(page - 1, "\u2039 Previous", "prev") if page > 0 else ""
    nxt = link(page + 1, "Next \u203a", "next") if page < last else ""
    items: list[str] = []
    if form == "load_more":
        if page < last:
            items = [link(page + 1, "Load more", "next", "pager__load-more")]
    elif form == "prev_next":
        items = [prev, nxt]
    elif form == "mini":
        items = [prev, f"<span{theme.c('pager__status')}>Page {page + 1} of {last + 1}</span>", nxt]
    else:
        window = range(max(0, page - 2), min(last, page + 2) + 1)
        numbers = [number(n) for n in window]
        if form == "full":
            if window[0] > 0:
                numbers = [number(0)] + (["\u2026"] if window[0] > 1 else []) + numbers
            if window[-1] < last:
                numbers += (["\u2026"] if window[-1] < last - 1 else []) + [number(last)]
            first = link(0, "\u00ab First", role="pager__first") if page > 0 else ""
            final = link(last, "Last \u00bb", role="pager__last") if page < last else ""
            items = [first, prev, *numbers, nxt, final]
        else:
            items = [prev, *numbers, nxt]
    lis = "".join(f"<li{theme.c('pager__item')}>{i}</li>" for i in items if i)
    if not lis:
        return ""
    return theme.region(
        "nav", "pager", f"<ul{theme.c('pager__list')}>{lis}</ul>", label="Pagination"
    )
