"""Variant 'olivero': Drupal 10's default front-end theme, Olivero.

Follows Olivero's page, region, node, teaser, tags-field and pager templates: `page-wrapper`,
the fixable `site-header` with the branding block (logo and site name, no h1) and the primary
menu, then `main-content` with its regions in Olivero's order: `region--highlighted` (status
messages and the site notice: the site-wide banner), `region--breadcrumb`, `region--content-above`
(the page title block: `h1.title.page-title` holding the title field's span), and a
`sidebar-grid` of `region--content` and `region--sidebar`. The node has its `node__meta` in the
header ('By <author>, <time>' when the date is shown, written '3 March 2021'), then the summary
field, `field--name-field-tags` with its 'Tags' label above a plain list of topic links, the
series note, the body (`text-content`), a documents field. The sidebar holds a related views
block. Then the social bar and `site-footer`.

The listing is a views page: the intro block and the facet blocks ('Filter by topics', 'Filter
by support type': links to `/case-studies?topic%5BID%5D=ID`, '- All -' the reset link) above the
view in `region--content-above`, the result summary in the view header, `views-row` teasers
(`node__title` h2 link, `node__meta`, the summary, the topic label in the live site's forms,
'Read more' with a visually hidden 'about <title>'), and Olivero's pager (first/previous
controls with icons, numbers with the current one unlinked, ellipses, next/last).
"""

from __future__ import annotations

from casecrawl.testbed.markups import cms_parts as parts
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape

HIDDEN = "visually-hidden"
AUTHOR = "LGA web team"
MENU = (("/topics", "Topics"), ("/case-studies", "Case studies"), ("/publications", "Publications"),
        ("/events", "Events"), ("/about", "About"))  # fmt: skip
PAGER_FIRST = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14" '
    'aria-hidden="true"><path d="M0 0h2v14H0V0zm4 7l7-7v14L4 7z"></path></svg>'
)
PAGER_PREV = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="14" viewBox="0 0 9 14" '
    'aria-hidden="true"><path d="M0 7l7-7v14L0 7z"></path></svg>'
)


def _region(name: str, content: str, extra: str = " grid-full layout--pass--content-medium") -> str:
    return f'<div class="region region--{name}{extra}">\n{content}\n</div>'


def _header() -> str:
    items = "".join(
        '<li class="primary-nav__menu-item primary-nav__menu-item--link primary-nav__menu-item--level-1">'
        f'<a href="{h}" class="primary-nav__menu-link primary-nav__menu-link--link primary-nav__menu-link--level-1">'
        f'<span class="primary-nav__menu-link-inner primary-nav__menu-link-inner--level-1">{t}</span></a></li>'
        for h, t in MENU
    )
    return f"""<header id="header" class="site-header" data-drupal-selector="site-header" role="banner">
<div class="site-header__fixable" data-drupal-selector="site-header-fixable">
<div class="site-header__initial"><button class="sticky-header-toggle" data-drupal-selector="sticky-header-toggle" role="switch" aria-controls="site-header__inner" aria-label="Sticky header" aria-checked="false"><span class="sticky-header-toggle__icon"><span></span><span></span><span></span></span></button></div>
<div id="site-header__inner" class="site-header__inner" data-drupal-selector="site-header-inner">
<div class="container site-header__inner__container">
<div id="block-olivero-site-branding" class="site-branding block block-system block-system-branding-block">
<div class="site-branding__inner">
<a href="/" rel="home" class="site-branding__logo"><img src="/themes/custom/lga_olivero/logo.svg" alt="Home" fetchpriority="high"></a>
<div class="site-branding__text"><div class="site-branding__name"><a href="/" title="Home" rel="home">{parts.SITE_NAME}</a></div></div>
</div></div>
<div class="mobile-buttons" data-drupal-selector="mobile-buttons"><button class="mobile-nav-button" data-drupal-selector="mobile-nav-button" aria-label="Main Menu" aria-controls="header-nav" aria-expanded="false"><span class="mobile-nav-button__label">Menu</span><span class="mobile-nav-button__icon"></span></button></div>
<div id="header-nav" class="header-nav" data-drupal-selector="header-nav">
<div class="search-block-form block block-search-narrow" data-drupal-selector="search-block-form" id="block-olivero-search-form-narrow" role="search">
<div class="content"><form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8" class="search-form search-block-form">
<div class="js-form-item form-item js-form-type-search form-item-keys js-form-item-keys form-no-label"><label for="edit-keys" class="form-item__label {HIDDEN}">Search</label>
<input title="Enter the terms you wish to search for." placeholder="Search by keyword or phrase." data-drupal-selector="edit-keys" type="search" id="edit-keys" name="keys" value="" size="15" maxlength="128" class="form-search form-element form-element--type-search form-element--api-search"></div>
<div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper" id="edit-actions"><button class="button--primary search-form__submit button js-form-submit form-submit" data-drupal-selector="edit-submit" type="submit" id="edit-submit" value="Search"><span class="icon--search"></span><span class="{HIDDEN}">Search</span></button></div>
</form></div></div>
<nav id="block-olivero-main-menu" class="primary-nav block block-menu navigation menu--main" aria-labelledby="block-olivero-main-menu-menu" role="navigation">
<h2 class="{HIDDEN} block__title" id="block-olivero-main-menu-menu">Main navigation</h2>
<ul class="menu primary-nav__menu primary-nav__menu--level-1" data-drupal-selector="primary-nav-menu--level-1">{items}</ul>
</nav>
</div>
</div></div></div>
</header>"""


def _footer() -> str:
    links = (
        ("/contact", "Contact the LGA"),
        ("/privacy", "Privacy"),
        ("/accessibility", "Accessibility"),
    )
    items = "".join(
        f'<li class="menu__item"><a href="{h}" class="menu__link">{t}</a></li>' for h, t in links
    )
    return f"""<div class="social-bar"><div class="social-bar__inner fixable"><div class="rotate">
<div id="block-olivero-syndicate" class="block block-node block-node-syndicate-block"><div class="block__content"><a href="/rss.xml" class="feed-icon">RSS feed</a></div></div>
</div></div></div>
<footer class="site-footer"><div class="site-footer__inner container">
{_region("footer-top", f'<div class="region--footer_top__inner"><nav role="navigation" aria-labelledby="block-olivero-footer-menu" id="block-olivero-footer" class="block block-menu navigation menu--footer"><h2 class="{HIDDEN} block__title" id="block-olivero-footer-menu">Footer</h2><ul class="menu">{items}</ul></nav></div>')}
{_region("footer-bottom", f'<div id="block-olivero-powered" class="block block-system block-system-powered-by-block"><span>{parts.ADDRESS}. Powered by <a href="https://www.drupal.org">Drupal</a></span></div>')}
</div></footer>"""


def _page(
    title: str, banner: str, above: str, content: str, sidebar: str, head: str, body_class: str
) -> str:
    notice = (
        '<div data-drupal-messages-fallback class="hidden messages-list"></div>\n'
        '<div id="block-olivero-site-notice" class="block block-block-content block-block-content-site-notice">'
        '<div class="block__content"><div class="text-content clearfix field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item"><p>{escape(banner)}</p></div>'
        "</div></div>"
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr" style="--color--primary-hue:202;--color--primary-saturation:79%;--color--primary-lightness:50">
<head>
<meta charset="utf-8">
{head}<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<meta name="MobileOptimized" content="width">
<meta name="HandheldFriendly" content="true">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(title)} | {parts.SITE_NAME}</title>
<link rel="stylesheet" media="all" href="/core/themes/olivero/css/base/base.css?sb2f5a">
</head>
<body class="{body_class}">
<a href="#main-content" class="{HIDDEN} focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div id="page-wrapper" class="page-wrapper"><div id="page">
{_header()}
<div id="main-wrapper" class="layout-main-wrapper layout-container">
<div id="main" class="layout-main">
<main id="content" class="main-content" role="main">
<a id="main-content" tabindex="-1"></a>
<div class="main-content__container container">
{_region("highlighted", notice)}
{above}
<div class="sidebar-grid grid-full">
{_region("content", content)}
{_region("sidebar", sidebar, "")}
</div>
</div>
</main>
</div>
</div>
{_footer()}
<div class="overlay" data-drupal-selector="overlay"></div>
</div></div>
</div>
<script src="/core/themes/olivero/js/navigation-utils.js?v=10.3.1"></script>
</body>
</html>"""


def _breadcrumb(trail: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li class="breadcrumb__item"><a href="{h}" class="breadcrumb__link">{escape(t)}</a></li>'
        for h, t in trail
    )
    return _region(
        "breadcrumb",
        '<div id="block-olivero-breadcrumbs" class="block block-system block-system-breadcrumb-block">'
        '<div class="block__content"><nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">'
        f'<h2 id="system-breadcrumb" class="{HIDDEN}">Breadcrumb</h2><div class="breadcrumb__content">'
        f'<ol class="breadcrumb__list">{items}</ol></div></nav></div></div>',
    )


def _title_block(title_html: str) -> str:
    return (
        '<div id="block-olivero-page-title" class="block block-core block-page-title-block">'
        f'<h1 class="title page-title">{title_html}</h1></div>'
    )


def _meta(case) -> str:
    """Olivero's submitted line: 'By <author>, <date>' (only where the date is displayed)."""
    iso = parts.iso_seconds(case.created)
    return (
        f'<div class="node__meta"><span>By <span class="node__author"><span class="field field--name-uid '
        f'field--type-entity-reference field--label-hidden"><span>{AUTHOR}</span></span></span>, '
        '<span class="field field--name-created field--type-created field--label-hidden">'
        f'<time datetime="{iso}" class="datetime">{parts.day_month_year(case.created.date())}</time>'
        "</span></span></div>"
    )


# --- detail -----------------------------------------------------------------------------------
def render_detail(view: DetailView) -> str:
    """A case study as an Olivero full node."""
    case = view.case
    canonical = f"{view.base_url}/case-studies/{case.slug}"
    head = []
    if case.summary is not None:
        head.append(f'<meta name="description" content="{escape(case.summary)}">')
    head += [
        f'<link rel="canonical" href="{escape(canonical)}">',
        f'<link rel="shortlink" href="{escape(view.base_url)}/node/{case.nid}">',
    ]
    fields = []
    if case.summary is not None:
        fields.append(
            '<div class="field field--name-field-summary field--type-string-long field--label-hidden '
            f'field__item">{escape(case.summary)}</div>'
        )
    if case.topic_ids:
        tags = "".join(
            f'<li class="field--tags__item"><a href="{topic_path(tid)}" hreflang="en">{escape(name)}</a></li>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        )
        fields.append(
            '<div class="field field--name-field-tags field--type-entity-reference field--label-above field--tags">'
            '<h3 class="field__label field--tags__label">Tags</h3>'
            f'<ul class="links field__items field--tags__items">{tags}</ul></div>'
        )
    if case.series_line:
        fields.append(
            '<div class="text-content clearfix field field--name-field-series-note field--type-text-long '
            f'field--label-hidden field__item"><p>{escape(case.series_line)}</p></div>'
        )
    body = "\n".join(parts.body_blocks(case.body))
    fields.append(
        '<div class="text-content clearfix field field--name-body field--type-text-with-summary '
        f'field--label-hidden field__item">\n{body}\n</div>'
    )
    if case.nid % 5 == 2:
        fields.append(
            '<div class="field field--name-field-documents field--type-file field--label-above">'
            '<div class="field__label">Documents</div><div class="field__item"><span class="file '
            'file--mime-application-pdf file--application-pdf">'
            f'<a href="/sites/default/files/case-studies/case-study-{case.nid}.pdf" type="application/pdf">'
            "Download the full case study (PDF, 1.2MB)</a></span></div></div>"
        )
    meta = _meta(case) if case.shows_date else ""
    article = f"""<div id="block-olivero-content" class="block block-system block-system-main-block"><div class="block__content">
<article data-history-node-id="{case.nid}" class="node node--type-case-study node--promoted node--view-mode-full">
<header class="">{meta}</header>
<div class="node__content">
{chr(10).join(fields)}
</div>
</article>
</div></div>"""
    related = "".join(
        '<li><div class="views-field views-field-title"><span class="field-content">'
        f'<a href="{escape(href)}" hreflang="en">{escape(title)}</a></span></div></li>'
        for title, href in view.related
    )
    sidebar = f"""<div class="views-element-container block block-views block-views-blockrelated-case-studies-block-1" id="block-olivero-views-block-related-case-studies">
<h2 class="block__title">Related case studies</h2>
<div class="block__content"><div class="view view-related-case-studies view-id-related_case_studies view-display-id-block_1">
<div class="view-content"><div class="item-list"><ul>{related}</ul></div></div>
</div></div></div>"""
    title = f'<span class="field field--name-title field--type-string field--label-hidden">{escape(case.title)}</span>'
    above = "\n".join(
        [
            _breadcrumb([("/", "Home"), ("/case-studies", "Case studies")]),
            _region("content-above", _title_block(title)),
        ]
    )
    return _page(
        case.title, view.banner, above, article, sidebar, "\n".join(head) + "\n",
        "path-node page-node-type-case-study",
    )  # fmt: skip


# --- listing ----------------------------------------------------------------------------------
def _facet(param: str, title: str, terms: dict[int, str]) -> str:
    items = [
        '<li class="facet-item facet-item--reset"><a href="/case-studies" rel="nofollow" class="is-active" '
        f'data-drupal-facet-item-id="{param}-all"><span class="facet-item__value">- All -</span></a></li>'
    ]
    for tid, name in terms.items():
        items.append(
            f'<li class="facet-item"><a href="{parts.listing_filter_href(param, tid)}" rel="nofollow" '
            f'data-drupal-facet-item-id="{param}-{tid}" data-drupal-facet-item-value="{tid}">'
            f'<span class="facet-item__value">{escape(name)}</span></a></li>'
        )
    return f"""<div class="facet-inactive block-facet--links block block-facets block-facet-block{param}" id="block-olivero-facet-{param}">
<h2 class="block__title">{title}</h2>
<div class="block__content"><div class="facets-widget-links">
<ul data-drupal-facet-id="{param}" data-drupal-facet-alias="{param}" class="facet-inactive js-facets-links item-list__links">{"".join(items)}</ul>
</div></div></div>"""


def _teaser(view: ListingView, case) -> str:
    href = escape(view.teaser_href(case))
    title = escape(case.title)
    meta = _meta(case) if case.shows_date else ""
    content = []
    if case.summary is not None:
        content.append(
            '<div class="field field--name-field-summary field--type-string-long field--label-hidden '
            f'field__item">{escape(case.summary)}</div>'
        )
    if case.teaser_label:
        label = parts.topic_label(case.topic_ids[0], case.topics[0], case.old_style, HIDDEN)
        content.append(
            '<div class="field field--name-field-topic field--type-entity-reference field--label-hidden '
            f'field__item">{label}</div>'
        )
    content.append(
        f'<ul class="links inline"><li class="node-readmore"><a href="{href}" rel="tag" title="{title}" '
        f'hreflang="en">Read more<span class="{HIDDEN}"> about {title}</span></a></li></ul>'
    )
    return f"""<div class="views-row"><article data-history-node-id="{case.nid}" class="node node--type-case-study node--promoted node--view-mode-teaser">
<header><h2 class="node__title teaser__title"><a href="{href}" rel="bookmark"><span class="field field--name-title field--type-string field--label-hidden">{title}</span></a></h2>
{meta}</header>
<div class="node__content">
{chr(10).join(content)}
</div>
</article></div>"""


def _pager(view: ListingView) -> str:
    if view.last_page == 0:
        return ""

    def control(n: int, kind: str, label: str, icon: str, rel: str = "") -> str:
        rel_attr = f' rel="{rel}"' if rel else ""
        return (
            f'<li class="pager__item pager__item--control pager__item--{kind}"><a href="{escape(view.page_url(n))}" '
            f'class="pager__link" title="Go to {label.lower()}"{rel_attr}><span class="{HIDDEN}">{label}</span>'
            f"{icon}</a></li>"
        )

    items = []
    if view.page > 0:
        items.append(control(0, "first", "First page", PAGER_FIRST))
        items.append(control(view.page - 1, "previous", "Previous page", PAGER_PREV, "prev"))
    window = parts.page_window(view.page, view.last_page, 9)
    if window.start > 0:
        items.append(
            '<li class="pager__item pager__item--ellipsis" role="presentation">&hellip;</li>'
        )
    for n in window:
        if n == view.page:
            items.append(
                '<li class="pager__item pager__item--active pager__item--number">'
                f'<span class="{HIDDEN}">Current page</span>{n + 1}</li>'
            )
        else:
            items.append(
                f'<li class="pager__item pager__item--number"><a href="{escape(view.page_url(n))}" '
                f'class="pager__link" title="Go to page {n + 1}"><span class="{HIDDEN}">Page</span>'
                f"{n + 1}</a></li>"
            )
    if window.stop - 1 < view.last_page:
        items.append(
            '<li class="pager__item pager__item--ellipsis" role="presentation">&hellip;</li>'
        )
    if view.page < view.last_page:
        items.append(control(view.page + 1, "next", "Next page", PAGER_PREV, "next"))
        items.append(control(view.last_page, "last", "Last page", PAGER_FIRST))
    return f"""<nav class="pager" role="navigation" aria-labelledby="pagination-heading">
<h4 id="pagination-heading" class="{HIDDEN}">Pagination</h4>
<ul class="pager__items js-pager__items">{"".join(items)}</ul>
</nav>"""


def render_listing(view: ListingView) -> str:
    """The case-studies view with facet blocks above it."""
    rows = "\n".join(_teaser(view, c) for c in view.results)
    content_html = (
        f'<div class="view-content">\n{rows}\n</div>'
        if rows
        else '<div class="view-empty"><p>No case studies found.</p></div>'
    )
    intro = (
        '<div id="block-olivero-case-studies-intro" class="block block-block-content">'
        '<div class="block__content"><div class="text-content clearfix field field--name-body '
        f'field--type-text-with-summary field--label-hidden field__item"><p>{parts.INTRO}</p>'
        f'<p>{parts.SHARE_INTRO} <a href="/contact">get in touch</a>.</p></div></div></div>'
    )
    above = "\n".join(
        [
            _breadcrumb([("/", "Home")]),
            _region(
                "content-above",
                "\n".join(
                    [
                        _title_block("Case studies"),
                        intro,
                        _facet("topic", "Filter by topics", view.topics),
                        _facet("subject", "Filter by support type", view.support_types),
                    ]
                ),
            ),
        ]
    )
    content = f"""<div id="block-olivero-content" class="block block-system block-system-main-block"><div class="block__content">
<div class="views-element-container"><div class="view view-case-studies view-id-case_studies view-display-id-page_1 js-view-dom-id-8c1d2e3f">
<div class="view-header">Your search returned {view.total} results</div>
{content_html}
{_pager(view)}
</div></div>
</div></div>"""
    sidebar = """<div id="block-olivero-newsletter" class="block block-block-content">
<h2 class="block__title">Stay up to date</h2>
<div class="block__content"><p>Sign up to our weekly bulletin for the latest case studies.</p><p><a href="/newsletter">Subscribe</a></p></div></div>"""
    head = f'<link rel="canonical" href="{escape(view.base_url)}/case-studies">\n'
    return _page("Case studies", view.banner, above, content, sidebar, head, "path-case-studies")


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """Drupal's 404/410 page in Olivero: the message as the page title."""
    message = "This page has been removed" if status == 410 else "Page not found"
    content = (
        '<div id="block-olivero-content" class="block block-system block-system-main-block">'
        '<div class="block__content"><p>The requested page could not be found.</p>'
        '<p><a href="/case-studies">Browse all case studies</a></p></div></div>'
    )
    above = _region("content-above", _title_block(message))
    return _page(message, banner, above, content, "", "", "path-system")
