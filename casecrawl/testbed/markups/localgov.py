"""Variant 'localgov': LocalGov Drupal (the localgov_base theme many UK councils run).

Follows localgov_base's page, header, breadcrumb, page-header block, teaser and pager
templates: an alert banner article above the `lgd-header` (logo and site name, primary menu,
search), breadcrumbs ending in the page's own title as plain text, the title and lede in the
`lgd-page-title-block` of the content-top region, then `lgd-container` > `main` > `lgd-row`
with the content in `lgd-row__two-thirds` and a sidebar region in `lgd-row__one-third`. The
node's fields carry Drupal's `field--name-...` classes; topics keep the live site's forms
('View all' + visually hidden '<Topic> articles', a bare name on older items).

The listing is a Drupal view: Better Exposed Filters checkboxes in the first sidebar (nested,
sub-topics under their parent, the '- All -' option named `topic[All]` as Drupal names it),
a keyword box and exposed sorts, the result summary in the view header (no thousands
separator), `lgd-teaser` rows with an image on some, and the full pager (first, previous,
nine pages with ellipses, next, last).
"""

from __future__ import annotations

from casecrawl.testbed.markups import cms_parts as parts
from casecrawl.testbed.views import DetailView, ListingView, escape

MENU = (("/topics", "Topics"), ("/case-studies", "Case studies"), ("/publications", "Publications"),
        ("/events", "Events"), ("/about", "About us"))  # fmt: skip
HIDDEN = "visually-hidden"
HREFLANG = ' hreflang="en"'


def _alert(banner: str) -> str:
    return f"""<article class="js-localgov-alert-banner localgov-alert-banner localgov-alert-banner--announcement localgov-alert-banner--has-link lgd-section lgd-section--separated" aria-label="Site announcement" data-dismiss-alert-token="announcement-7">
<div class="lgd-container"><div class="lgd-row"><div class="lgd-row__full">
<div class="localgov-alert-banner__inner"><div class="localgov-alert-banner__content">
<div class="localgov-alert-banner__body"><p>{escape(banner)}</p></div>
<div class="localgov-alert-banner--content-link"><a href="/our-campaigns">Find out more</a></div>
</div>
<div class="localgov-alert-banner__actions"><div class="localgov-alert-banner__dismiss"><button class="localgov-alert-banner__close js-localgov-alert-banner__close" aria-label="Hide alert">Hide</button></div></div>
</div></div></div></div>
</article>"""


def _header() -> str:
    items = "".join(
        f'<li class="lgd-header__nav-item"><a href="{h}" class="lgd-header__nav-link">{t}</a></li>'
        for h, t in MENU
    )
    return f"""<header class="lgd-header lgd-section">
<div class="lgd-container"><div class="lgd-row"><div class="lgd-row__full"><div class="lgd-header__inner">
<div class="lgd-region lgd-region--header region region-header">
<div id="block-localgov-base-branding" class="block block-system block-system-branding-block lgd-header__branding">
<a href="/" rel="home" class="lgd-header__logo"><img src="/themes/custom/lga_base/logo.svg" alt="{parts.SITE_NAME} home" width="220" height="62"></a>
<div class="lgd-header__site-name"><a href="/" rel="home">{parts.SITE_NAME}</a></div>
</div></div>
<div class="lgd-header__toggles"><button class="lgd-header__toggle lgd-header__toggle--primary" data-target="lgd-header__nav--primary" aria-controls="lgd-header__nav--primary" aria-expanded="false"><span class="lgd-header__toggle-text lgd-header__toggle-text--primary">Menu</span><span class="lgd-header__toggle-icon lgd-header__toggle-icon--primary"></span></button></div>
<div id="lgd-header__nav--primary" class="lgd-header__nav lgd-header__nav--primary">
<nav role="navigation" aria-labelledby="block-localgov-base-main-menu-menu" id="block-localgov-base-main-menu" class="block block-menu navigation menu--main">
<h2 class="{HIDDEN}" id="block-localgov-base-main-menu-menu">Main navigation</h2>
<ul class="lgd-header__nav-list">{items}</ul></nav>
<div class="lgd-region lgd-region--search region region-search"><div id="block-localgov-sitewide-search" class="block block-localgov-search">
<form action="/search" method="get" class="localgov-search-form"><label for="edit-s" class="{HIDDEN}">Search this site</label>
<input type="search" id="edit-s" name="s" class="form-search localgov-search-form__input" placeholder="Search"><button type="submit" class="localgov-search-form__submit">Search</button></form>
</div></div>
</div>
</div></div></div></div>
</header>"""


def _breadcrumbs(trail: list[tuple[str | None, str]]) -> str:
    items = []
    for href, text in trail:
        inner = (
            f'<a class="breadcrumbs__link" href="{href}">{escape(text)}</a>'
            if href
            else escape(text)
        )
        items.append(f'<li class="breadcrumbs__item">{inner}</li>')
    return f"""<div class="lgd-region lgd-region--breadcrumb region region-breadcrumb"><div class="lgd-container">
<nav class="breadcrumbs" aria-labelledby="system-breadcrumbs"><h2 id="system-breadcrumbs" class="{HIDDEN}">Breadcrumbs</h2>
<ol class="breadcrumbs__list">{"".join(items)}</ol></nav>
</div></div>"""


def _title_block(title: str, lede: str | None) -> str:
    lede_html = (
        f'\n<div class="lgd-page-title-block__subheader h3">{escape(lede)}</div>'
        if lede is not None
        else ""
    )
    return f"""<div class="lgd-region lgd-region--content-top region region-content-top"><div class="lgd-container">
<div id="block-localgov-page-header-block" class="lgd-page-title-block">
<h1 class="lgd-page-title-block__title">{escape(title)}</h1>{lede_html}
</div></div></div>"""


def _footer() -> str:
    links = (("/contact", "Contact the LGA"), ("/privacy-policy", "Privacy"),
             ("/accessibility-statement", "Accessibility statement"), ("/cookies", "Cookies"))  # fmt: skip
    items = "".join(
        f'<li class="lgd-footer__nav-item"><a href="{h}">{t}</a></li>' for h, t in links
    )
    return f"""<footer class="lgd-footer">
<div class="lgd-footer__inner"><div class="lgd-container"><div class="lgd-row">
<div class="lgd-row__one-half lgd-region lgd-region--footer-first region region-footer-first">
<nav aria-label="Footer" class="block block-menu menu--footer"><ul class="lgd-footer__nav-list">{items}</ul></nav></div>
<div class="lgd-row__one-half lgd-region lgd-region--footer-second region region-footer-second">
<div class="block block-block-content"><p>Follow us on <a href="https://www.linkedin.com/company/local-government-association">LinkedIn</a></p></div></div>
</div></div></div>
<div class="lgd-footer__lower"><div class="lgd-container"><p>{parts.ADDRESS}</p><p>&copy; {parts.SITE_NAME}</p></div></div>
</footer>"""


def _page(title: str, banner: str, body: str, head: str = "", body_class: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<meta name="MobileOptimized" content="width">
<meta name="HandheldFriendly" content="true">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
{head}<title>{escape(title)} | {parts.SITE_NAME}</title>
<link rel="stylesheet" media="all" href="/themes/contrib/localgov_base/css/base/base.css?t4x2qp">
<link rel="stylesheet" media="all" href="/themes/custom/lga_base/css/lga.css?t4x2qp">
</head>
<body class="{body_class}">
<a href="#main-content" class="{HIDDEN} focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
{_alert(banner)}
{_header()}
{body}
{_footer()}
</div>
<script src="/core/misc/drupal.js?v=10.3.1"></script>
</body>
</html>"""


# --- detail -----------------------------------------------------------------------------------
def render_detail(view: DetailView) -> str:
    """A case study as a LocalGov Drupal node: title and lede in the page header block, then
    the node's date, topic, series and body fields, downloads, and a sidebar."""
    case = view.case
    canonical = f"{view.base_url}/case-studies/{case.slug}"
    head = [
        f'<link rel="canonical" href="{escape(canonical)}">',
        f'<link rel="shortlink" href="{escape(view.base_url)}/node/{case.nid}">',
        f'<meta property="og:site_name" content="{parts.SITE_NAME}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:title" content="{escape(case.title)}">',
    ]
    if case.summary is not None:
        head.insert(0, f'<meta name="description" content="{escape(case.summary)}">')
    fields = []
    if case.shows_date:
        head.append(
            f'<meta property="article:published_time" content="{parts.iso_seconds(case.created)}">'
        )
        fields.append(
            '<div class="lgd-case-study__metadata"><span class="lgd-case-study__metadata-label">'
            f'Published:</span> <time datetime="{parts.iso_seconds(case.created)}" '
            'class="lgd-case-study__metadata-item lgd-case-study__metadata-item--date">'
            f"{parts.day_month_year(case.created.date())}</time></div>"
        )
    if case.topic_ids:
        items = "".join(
            f'<div class="field__item">{parts.topic_label(tid, name, case.old_style, HIDDEN, HREFLANG)}</div>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        )
        fields.append(
            '<div class="field field--name-localgov-topic-classified field--type-entity-reference '
            f'field--label-hidden field__items">{items}</div>'
        )
    if case.series_line:
        fields.append(
            '<div class="field field--name-localgov-case-study-series field--type-string '
            f'field--label-hidden field__item"><p>{escape(case.series_line)}</p></div>'
        )
    body = "\n".join(parts.body_blocks(case.body))
    fields.append(
        '<div class="clearfix text-formatted field field--name-body field--type-text-with-summary '
        f'field--label-hidden field__item">\n{body}\n</div>'
    )
    if case.nid % 3 == 0:
        fields.append(
            '<div class="localgov-documents"><h2 class="localgov-documents__title">Downloads</h2>'
            '<ul class="localgov-documents__list"><li class="localgov-documents__item">'
            f'<a href="/sites/default/files/documents/case-study-{case.nid}.pdf">'
            "Download the full case study (PDF, 1.2MB)</a></li></ul></div>"
        )
    fields.append(
        '<div class="lgd-page-feedback"><h2 class="lgd-page-feedback__title">Was this page useful?</h2>'
        '<p><a href="/contact?subject=website">Tell us how we could improve it</a></p></div>'
    )
    related = "".join(
        f'<li class="lgd-related__item"><a href="{escape(href)}" hreflang="en">{escape(title)}</a></li>'
        for title, href in view.related
    )
    main = f"""{_breadcrumbs([("/", "Home"), ("/case-studies", "Case studies"), (None, case.title)])}
{_title_block(case.title, case.summary)}
<div class="lgd-container">
<main id="main-content">
<div class="lgd-row">
<div class="lgd-row__two-thirds">
<div class="lgd-region lgd-region--content region region-content">
<div data-drupal-messages-fallback class="hidden"></div>
<div id="block-localgov-base-content" class="block block-system block-system-main-block">
<article class="node node--type-localgov-case-study node--view-mode-full lgd-case-study">
<div class="node__content lgd-case-study__content">
{chr(10).join(fields)}
</div>
</article>
</div></div>
</div>
<div class="lgd-row__one-third">
<aside class="lgd-region lgd-region--sidebar-second region region-sidebar-second" role="complementary">
<div id="block-case-studies-related" class="block block-views block-views-blockcase-studies-related lgd-related">
<h2 class="block__title lgd-related__title">Related case studies</h2>
<div class="view view-case-studies-related view-id-case_studies_related"><div class="view-content"><ul class="lgd-related__list">{related}</ul></div></div>
</div>
<div id="block-lga-contact" class="block block-block-content lgd-contact-block">
<h2 class="block__title">Contact us</h2><p>Email <a href="mailto:info@local.gov.uk">info@local.gov.uk</a> or call 020 7664 3000.</p>
</div>
</aside>
</div>
</div>
</main>
</div>"""
    return _page(
        case.title,
        view.banner,
        main,
        "\n".join(head) + "\n",
        "path-node page-node-type-localgov-case-study",
    )


# --- listing ----------------------------------------------------------------------------------
def _checkboxes(param: str, legend: str, terms: dict[int, str], parents: dict[int, int]) -> str:
    """A BEF checkbox fieldset; sub-terms nested in a <ul> inside their parent's <li>."""

    def item(key: str, label: str, children: str = "") -> str:
        ident = f"edit-{param}-{key.lower()}"
        return (
            f'<li><div class="js-form-item form-item js-form-type-checkbox form-type-checkbox '
            f'form-item-{param}-{key.lower()}"><input data-drupal-selector="{ident}" type="checkbox" '
            f'id="{ident}" name="{param}[{key}]" value="{key}" class="form-checkbox">'
            f'<label for="{ident}" class="option">{escape(label)}</label></div>{children}</li>'
        )

    def level(parent: int | None) -> str:
        out = []
        for tid, name in terms.items():
            if parents.get(tid) == parent:
                sub = level(tid)
                out.append(item(str(tid), name, f"<ul>{sub}</ul>" if sub else ""))
        return "".join(out)

    options = item("All", "- All -") + level(None)
    return f"""<fieldset data-drupal-selector="edit-{param}" id="edit-{param}--wrapper" class="fieldgroup form-composite js-form-item form-item js-form-wrapper form-wrapper">
<legend><span class="fieldset-legend">{legend}</span></legend>
<div class="fieldset-wrapper"><div id="edit-{param}" class="form-checkboxes bef-checkboxes bef-nested"><ul>{options}</ul></div></div>
</fieldset>"""


def _teaser(view: ListingView, case) -> str:
    image = ""
    if case.nid % 2 == 0:
        image = (
            '<div class="lgd-teaser__image"><img loading="lazy" '
            f'src="/sites/default/files/styles/teaser/public/case-studies/case-study-{case.nid}.jpg" '
            'width="400" height="225" alt=""></div>'
        )
    fields = [
        f'<h3><a href="{escape(view.teaser_href(case))}" rel="bookmark">{escape(case.title)}</a></h3>'
    ]
    if case.summary is not None:
        fields.append(
            '<div class="field field--name-localgov-case-study-summary field--type-string-long '
            f'field--label-hidden field__item">{escape(case.summary)}</div>'
        )
    if case.teaser_label:
        label = parts.topic_label(case.topic_ids[0], case.topics[0], case.old_style, HIDDEN)
        fields.append(
            '<div class="field field--name-localgov-topic-classified field--type-entity-reference '
            f'field--label-hidden field__item">{label}</div>'
        )
    if case.shows_date:
        fields.append(
            f'<div class="lgd-teaser__metadata"><time datetime="{parts.iso_seconds(case.created)}" '
            'class="lgd-teaser__metadata-item lgd-teaser__metadata-item--date">'
            f"{parts.day_month_year(case.created.date())}</time></div>"
        )
    return f"""<div class="views-row"><article class="lgd-teaser lgd-teaser--localgov-case-study node node--type-localgov-case-study node--view-mode-teaser">
{image}<div class="lgd-teaser__content node__content">
{chr(10).join(fields)}
</div></article></div>"""


def _pager(view: ListingView) -> str:
    if view.last_page == 0:
        return ""

    def link(n: int, cls: str, title: str, hidden: str, shown: str, rel: str = "") -> str:
        rel_attr = f' rel="{rel}"' if rel else ""
        return (
            f'<li class="pager__item {cls}"><a href="{escape(view.page_url(n))}" title="{title}"'
            f'{rel_attr}><span class="{HIDDEN}">{hidden}</span>'
            f'<span aria-hidden="true">{shown}</span></a></li>'
        )

    items = []
    if view.page > 0:
        items.append(link(0, "pager__item--first", "Go to first page", "First page", "« First"))
        items.append(
            link(view.page - 1, "pager__item--previous", "Go to previous page", "Previous page",
                 "‹ Previous", "prev")
        )  # fmt: skip
    window = parts.page_window(view.page, view.last_page, 9)
    if window.start > 0:
        items.append(
            '<li class="pager__item pager__item--ellipsis" role="presentation">&hellip;</li>'
        )
    for n in window:
        current = n == view.page
        title = "Current page" if current else f"Go to page {n + 1}"
        active = " is-active" if current else ""
        aria = ' aria-current="page"' if current else ""
        items.append(
            f'<li class="pager__item{active}"><a href="{escape(view.page_url(n))}" title="{title}"'
            f'{aria}><span class="{HIDDEN}">{"Current page" if current else "Page"}</span>'
            f"{n + 1}</a></li>"
        )
    if window.stop - 1 < view.last_page:
        items.append(
            '<li class="pager__item pager__item--ellipsis" role="presentation">&hellip;</li>'
        )
    if view.page < view.last_page:
        items.append(
            link(
                view.page + 1, "pager__item--next", "Go to next page", "Next page", "Next ›", "next"
            )
        )
        items.append(
            link(view.last_page, "pager__item--last", "Go to last page", "Last page", "Last »")
        )
    return f"""<nav class="pager" role="navigation" aria-labelledby="pagination-heading">
<h4 id="pagination-heading" class="{HIDDEN}">Pagination</h4>
<ul class="pager__items js-pager__items">{"".join(items)}</ul>
</nav>"""


def render_listing(view: ListingView) -> str:
    """The case-studies view: exposed filters in the first sidebar, summary, teasers, pager."""
    teasers = "\n".join(_teaser(view, c) for c in view.results)
    if teasers:
        content = f'<div class="view-content">\n{teasers}\n</div>'
    else:
        content = '<div class="view-empty"><p>No case studies match your search.</p></div>'
    topics = _checkboxes("topic", "Filter by topics", view.topics, view.sub_topics)
    support = _checkboxes("subject", "Filter by support type", view.support_types, {})
    main = f"""{_breadcrumbs([("/", "Home"), (None, "Case studies")])}
{_title_block("Case studies", parts.INTRO)}
<div class="lgd-container">
<main id="main-content">
<div class="lgd-row">
<div class="lgd-row__one-third">
<aside class="lgd-region lgd-region--sidebar-first region region-sidebar-first" role="complementary">
<div id="block-case-studies-exposed-filters" class="block block-views block-views-exposed-filter-blockcase-studies-page-all">
<h2 class="block__title">Search case studies</h2>
<form class="views-exposed-form bef-exposed-form" data-drupal-selector="views-exposed-form-case-studies-page-all" action="/case-studies" method="get" id="views-exposed-form-case-studies-page-all" accept-charset="UTF-8">
<div class="form--inline clearfix">
<div class="js-form-item form-item js-form-type-textfield form-type-textfield form-item-keys"><label for="edit-keys">Keyword</label>
<input data-drupal-selector="edit-keys" type="text" id="edit-keys" name="keys" value="" size="30" maxlength="128" class="form-text"></div>
{topics}
{support}
<div class="js-form-item form-item js-form-type-select form-type-select form-item-sort-by"><label for="edit-sort-by">Sort by</label>
<select data-drupal-selector="edit-sort-by" id="edit-sort-by" name="sort_by" class="form-select"><option value="created" selected="selected">Date published</option><option value="title">Title</option></select></div>
<div class="js-form-item form-item js-form-type-select form-type-select form-item-sort-order"><label for="edit-sort-order">Order</label>
<select data-drupal-selector="edit-sort-order" id="edit-sort-order" name="sort_order" class="form-select"><option value="ASC">Oldest first</option><option value="DESC" selected="selected">Newest first</option></select></div>
<div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper" id="edit-actions"><input data-drupal-selector="edit-submit-case-studies" type="submit" id="edit-submit-case-studies" value="Apply" class="button js-form-submit form-submit">
<a href="/case-studies" class="button button--secondary">Reset</a></div>
</div>
</form>
</div>
</aside>
</div>
<div class="lgd-row__two-thirds">
<div class="lgd-region lgd-region--content region region-content">
<div id="block-localgov-base-content" class="block block-system block-system-main-block">
<p>{parts.SHARE_INTRO} <a href="/contact">get in touch</a>.</p>
<div class="callout callout--primary"><h2 class="callout__title">{parts.COVID_TITLE}</h2><div class="callout__body"><p>{parts.COVID_TEXT}</p></div></div>
<div class="view view-case-studies view-id-case_studies view-display-id-page_all js-view-dom-id-5f0c3b7e">
<div class="view-header"><p>Your search returned {view.total} results</p></div>
{content}
{_pager(view)}
</div>
</div></div>
</div>
</div>
</main>
</div>"""
    return _page("Case studies", view.banner, main, "", "path-case-studies")


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """localgov_base's status page: the message in the page header block and a way on."""
    message = "This page has been removed" if status == 410 else "Page not found"
    main = f"""{_title_block(message, None)}
<div class="lgd-container"><main id="main-content"><div class="lgd-row"><div class="lgd-row__full">
<div class="lgd-region lgd-region--content region region-content">
<p>Sorry, we could not find the page you were looking for. It may have moved or been removed.</p>
<p><a href="/case-studies">Browse all case studies</a> or <a href="/topics">see our topics</a>.</p>
</div></div></div></main></div>"""
    return _page(message, banner, main, "", "path-404")
