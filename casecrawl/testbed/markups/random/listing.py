"""A listing page in the seed's template: title, intro, filters, count, teasers, pager."""

from __future__ import annotations

from casecrawl.testbed.markups.random import topics
from casecrawl.testbed.markups.random.page import Kit
from casecrawl.testbed.views import ListingView, escape

INTRO = (
    "Innovation in local government is about improving the lives of the people in our "
    "communities. Browse through our case studies to see the many innovative programmes councils "
    "are involved in."
)


def render_listing(kit: Kit, view: ListingView) -> str:
    c = kit.c
    count = count_sentence(kit, view.total)
    parts = [
        f"<h1{kit.cls('page-title')}>Case studies</h1>",
        f"<div{kit.cls('intro')}><p>{INTRO}</p><p>If you have a case study you'd like to share "
        'here, please <a href="/contact">get in touch</a>.</p></div>',
        covid_block(kit),
        filters(kit, view),
        count if c.count_position == "above" else "",
        teasers(kit, view),
        count if c.count_position == "below" else "",
        pager(kit, view),
    ]
    picks = view.featured or [(r.title, f"/case-studies/{r.slug}") for r in view.results[:2]]
    return kit.page("Case studies", view.banner, kit.stack("div", "listing", parts), picks)


def covid_block(kit: Kit) -> str:
    if not kit.c.covid_block:
        return ""
    inner = (
        "<h2>COVID-19 case studies</h2><p>Councils are doing remarkable work to address the "
        'challenges brought by coronavirus. <a href="/coronavirus-information-councils">Read more</a></p>'
    )
    return kit.el("section", "covid", inner)


# --- filters ------------------------------------------------------------------------------------
def filters(kit: Kit, view: ListingView) -> str:
    groups = _filter(kit, "Filter by topics", "topic", view.topics, view.sub_topics) + _filter(
        kit, "Filter by support type", "subject", view.support_types, {}
    )
    if kit.c.filter_widget == "facets":
        return kit.el("section", "facets", groups)
    return (
        f'<form{kit.cls("filters")} action="/case-studies" method="get">{groups}'
        '<button type="submit">Apply</button></form>'
    )


def _filter(
    kit: Kit, heading: str, param: str, entries: dict[int, str], parents: dict[int, int]
) -> str:
    widget, tag = _widget(kit, param, entries, parents), kit.c.filter_heading
    if tag == "legend":
        return f"<fieldset{kit.cls('filter')}><legend>{heading}</legend>{widget}</fieldset>"
    if tag == "label":
        target = f' for="edit-{param}"' if kit.c.filter_widget == "select" else ""
        return f"<div{kit.cls('filter')}><label{target}>{heading}</label>{widget}</div>"
    return f"<div{kit.cls('filter')}><{tag}>{heading}</{tag}>{widget}</div>"


def _hierarchy(entries: dict[int, str], parents: dict[int, int]) -> tuple[list, dict]:
    """(top-level IDs, parent ID -> its sub-term IDs), each in `entries` order; a term whose
    parent is not among `entries` stands at the top level."""
    top: list[int] = []
    children: dict[int, list[int]] = {}
    for i in entries:
        parent = parents.get(i)
        if parent in entries and parent != i:
            children.setdefault(parent, []).append(i)
        else:
            top.append(i)
    return top, children


def _widget(kit: Kit, param: str, entries: dict[int, str], parents: dict[int, int]) -> str:
    """The options of one filter, every term with its ID as the live site names it:
    `<option value="ID">`, a checkbox `name="param[ID]" value="ID"`, or a facet link to
    `/case-studies?param%5BID%5D=ID`. Nested (the seed's `filter_nesting`), sub-terms stand
    under their parent: a list inside the parent's item, or the parent's <optgroup>."""
    form = kit.c.filter_widget
    top, children = _hierarchy(entries, parents if kit.c.filter_nesting == "nested" else {})
    if form == "select":

        def option(i: int) -> str:
            return f'<option value="{i}">{escape(entries[i])}</option>'

        def group(i: int) -> str:
            if i not in children:
                return option(i)
            inner = option(i) + "".join(option(j) for j in _descendants(i, children))
            return f'<optgroup label="{escape(entries[i])}">{inner}</optgroup>'

        options = "".join(group(i) for i in top)
        return f'<select id="edit-{param}" name="{param}"><option value="All">- All -</option>{options}</select>'
    if form == "checkboxes":
        everything = f'<li><label><input type="checkbox" name="{param}_all">- All -</label></li>'

        def item(i: int) -> str:
            return f'<label><input type="checkbox" name="{param}[{i}]" value="{i}">{escape(entries[i])}</label>'

    else:
        everything = '<li><a href="/case-studies">- All -</a></li>'

        def item(i: int) -> str:
            return f'<a href="/case-studies?{param}%5B{i}%5D={i}">{escape(entries[i])}</a>'

    def branch(i: int) -> str:
        below = "".join(branch(j) for j in children.get(i, []))
        return f"<li>{item(i)}{f'<ul>{below}</ul>' if below else ''}</li>"

    return f"<ul>{everything}{''.join(branch(i) for i in top)}</ul>"


def _descendants(i: int, children: dict[int, list[int]]) -> list[int]:
    out = []
    for j in children.get(i, []):
        out += [j, *_descendants(j, children)]
    return out


# --- count --------------------------------------------------------------------------------------
def count_sentence(kit: Kit, total: int) -> str:
    c = kit.c
    number = f"{total:,}" if c.count_separator else str(total)
    if c.count_number != "plain":
        number = f"<{c.count_number}>{number}</{c.count_number}>"
    tag = c.count_element
    return f"<{tag}{kit.cls('count')}>Your search returned {number} results</{tag}>"


# --- teasers ------------------------------------------------------------------------------------
def teasers(kit: Kit, view: ListingView) -> str:
    wrapper = kit.c.teaser_wrapper
    items = "\n".join(teaser(kit, view, case) for case in view.results)
    if wrapper == "li":
        return f"<ul{kit.cls('results')}>\n{items}\n</ul>"
    if wrapper == "tr":
        return f'<table{kit.cls("results")} width="100%"><tbody>\n{items}\n</tbody></table>'
    return kit.el("section", "results", f"\n{items}\n")


def teaser(kit: Kit, view: ListingView, case) -> str:
    """One teaser: (eyebrow label) title, summary, (label), (read more), in the seed's wrapper."""
    c = kit.c
    href = view.teaser_href(case)
    label = _teaser_label(kit, case)
    eyebrow = label if c.teaser_label_position == "eyebrow" else ""
    after = label if c.teaser_label_position == "after_summary" else ""
    more = f'<p><a href="{escape(href)}">Read more</a></p>' if c.teaser_read_more else ""
    summary = _teaser_summary(kit, case.summary)
    if c.teaser_title == "td":  # the title link alone in the row's first cell
        return f"<tr><td>{eyebrow}{kit.link(href, escape(case.title))}</td><td>{summary}{after}{more}</td></tr>"
    if c.teaser_card_link:  # the title is not a link of its own: the card is
        card = kit.link(href, _title(kit, escape(case.title)) + summary, "card")
        parts = [eyebrow, card, after, more]
    else:
        parts = [eyebrow, _title(kit, kit.link(href, escape(case.title))), summary, after, more]
    inner = "".join(p for p in parts if p)
    wrapper = c.teaser_wrapper
    if wrapper == "none":
        return inner
    if wrapper == "tr":
        return f"<tr><td>{inner}</td></tr>"
    return f"<{wrapper}{kit.cls('teaser')}>{inner}</{wrapper}>"


def _title(kit: Kit, inner: str) -> str:
    tag = kit.c.teaser_title
    return f"<{tag}{kit.cls('teaser-title')}>{inner}</{tag}>"


def _teaser_summary(kit: Kit, summary: str | None) -> str:
    if summary is None:
        return ""
    element = kit.c.teaser_summary
    if element == "bare":
        return escape(summary)
    return f"<{element}{kit.cls('teaser-summary')}>{escape(summary)}</{element}>"


def _teaser_label(kit: Kit, case) -> str:
    if not case.teaser_label:
        return ""
    return f"<div{kit.cls('teaser-topic')}>{topics.label(kit, case)}</div>"


# --- pager --------------------------------------------------------------------------------------
def pager(kit: Kit, view: ListingView) -> str:
    c = kit.c
    if c.pager == "none":
        return ""
    next_word, previous_word = c.pager_words
    items = []
    if c.pager != "numbered" and view.page > 0:
        items.append(kit.link(view.page_url(view.page - 1), escape(previous_word)))
    if c.pager in ("numbered", "numbered_next"):
        for n in range(max(0, view.page - 3), min(view.last_page, view.page + 3) + 1):
            if n == view.page:
                items.append(f'<strong aria-current="page">{n + 1}</strong>')
            else:
                items.append(kit.link(view.page_url(n), str(n + 1)))
    if c.pager != "numbered" and view.page < view.last_page:
        items.append(kit.link(view.page_url(view.page + 1), escape(next_word)))
    if c.pager_container == "ul":
        inner = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    else:
        inner = " ".join(items)
    return kit.el("nav", "pager", inner, ' aria-label="Pagination"')
