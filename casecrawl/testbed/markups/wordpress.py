"""Variant 'wordpress': a WordPress block theme (Twenty Twenty-Four's structure) with Yoast SEO.

The head carries what Yoast writes: description, canonical, Open Graph with
`article:published_time`/`article:modified_time`, Twitter labels, and the JSON-LD `@graph`
(Article with headline/datePublished/dateModified/keywords, WebPage, ImageObject,
BreadcrumbList, WebSite, Organization, Person). The page is `wp-site-blocks`: an announcement
group (the site-wide banner), the header template part with the site logo and the site title as
an h1 (the core block's default level, so the page has two h1s, the site's first), the
navigation block, Yoast breadcrumbs, then two columns. The main column has the
`wp-block-post-title` h1, the post excerpt (the summary), a meta row ('Last updated' with the
modified date first, then 'Published' with the `wp-block-post-date` <time>, 'Written by' the
author, 'in' the category with `rel="tag"`), the topic lines in the live site's forms (a
'View all' link with `screen-reader-text` '<Topic> articles', a bare name on older items), the
series note, the featured image with its caption, the post content (`wp-block-heading`,
`wp-block-list`), then a file block, the tags (`rel="tag"`, topic names), share links and
'Comments are closed.'. The sidebar column has a related-posts list with excerpts, a
newsletter form and a search block. Dates are written 'March 3, 2021'.

The listing is the category archive: the query title, the term description, a Search & Filter
form of selects (option values are the term IDs, sub-topics indented with non-breaking spaces
as `wp_dropdown_categories` does), 'Your search returned <strong>2,568</strong> results', the
query loop (featured image, title, date, excerpt with 'Read more', topic label), and the query
pagination ('Newer posts', numbers with dots, 'Older posts').
"""

from __future__ import annotations

from urllib.parse import quote

from casecrawl.testbed.markups import cms_parts as parts
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape

HIDDEN = "screen-reader-text"
AUTHOR = "LGA Case Studies Team"
MENU = (("/topics", "Topics"), ("/case-studies", "Case studies"), ("/publications", "Publications"),
        ("/news", "News"), ("/about", "About"))  # fmt: skip


def _nav_items(links) -> str:
    return "".join(
        '<li class="wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-navigation-item__content" '
        f'href="{h}"><span class="wp-block-navigation-item__label">{t}</span></a></li>'
        for h, t in links
    )


def _header() -> str:
    return f"""<header class="wp-block-template-part">
<div class="wp-block-group alignwide has-global-padding is-layout-flex is-content-justification-space-between">
<div class="wp-block-group is-layout-flex">
<div class="wp-block-site-logo"><a href="/" class="custom-logo-link" rel="home"><img width="64" height="64" src="/wp-content/uploads/lga-logo.png" class="custom-logo" alt="{parts.SITE_NAME}" decoding="async"></a></div>
<h1 class="wp-block-site-title"><a href="/" target="_self" rel="home">{parts.SITE_NAME}</a></h1>
</div>
<nav class="is-responsive items-justified-right wp-block-navigation is-horizontal is-layout-flex" aria-label="Main menu">
<button aria-haspopup="dialog" aria-label="Open menu" class="wp-block-navigation__responsive-container-open" data-wp-on--click="actions.openMenuOnClick"><svg width="24" height="24" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="4" y="7.5" width="16" height="1.5"></rect><rect x="4" y="15" width="16" height="1.5"></rect></svg></button>
<div class="wp-block-navigation__responsive-container" id="modal-1"><div class="wp-block-navigation__responsive-close"><div class="wp-block-navigation__responsive-dialog"><div class="wp-block-navigation__responsive-container-content" id="modal-1-content">
<ul class="wp-block-navigation__container is-responsive items-justified-right wp-block-navigation">{_nav_items(MENU)}</ul>
</div></div></div></div>
</nav>
</div>
</header>"""


def _footer() -> str:
    links = (("/contact", "Contact the LGA"), ("/privacy-policy", "Privacy policy"),
             ("/accessibility", "Accessibility"), ("/feed", "RSS"))  # fmt: skip
    return f"""<footer class="wp-block-template-part">
<div class="wp-block-group has-global-padding is-layout-constrained">
<div class="wp-block-columns alignwide is-layout-flex">
<div class="wp-block-column is-layout-flow"><p class="wp-block-site-tagline">Supporting, promoting and improving local government</p></div>
<div class="wp-block-column is-layout-flow"><nav class="wp-block-navigation is-vertical is-layout-flex" aria-label="Footer"><ul class="wp-block-navigation__container wp-block-navigation">{_nav_items(links)}</ul></nav></div>
</div>
<p class="has-small-font-size">{parts.ADDRESS}. Designed with <a href="https://wordpress.org" rel="nofollow">WordPress</a></p>
</div>
</footer>"""


def _search_block(n: int) -> str:
    return f"""<form role="search" method="get" action="/" class="wp-block-search__button-outside wp-block-search__text-button wp-block-search">
<label class="wp-block-search__label" for="wp-block-search__input-{n}">Search</label>
<div class="wp-block-search__inside-wrapper"><input class="wp-block-search__input" id="wp-block-search__input-{n}" placeholder="" value="" type="search" name="s" required>
<button aria-label="Search" class="wp-block-search__button wp-element-button" type="submit">Search</button></div></form>"""


def _newsletter() -> str:
    return f"""<div class="wp-block-group lga-newsletter has-base-2-background-color has-background is-layout-flow">
<h2 class="wp-block-heading has-medium-font-size">Sign up to our newsletter</h2>
<p class="has-small-font-size">Get the latest case studies and good practice in your inbox every month.</p>
<form class="lga-newsletter__form" action="/newsletter" method="post"><label for="lga-newsletter-email" class="{HIDDEN}">Email address</label>
<input type="email" id="lga-newsletter-email" name="email" placeholder="Email address" required>
<button type="submit" class="wp-element-button">Subscribe</button></form>
</div>"""


def _page(title: str, banner: str, main: str, head: str, body_class: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1">
<!-- This site is optimized with the Yoast SEO plugin v22.6 - https://yoast.com/wordpress/plugins/seo/ -->
<title>{escape(title)} - {parts.SITE_NAME}</title>
{head}<!-- / Yoast SEO plugin. -->
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css?ver=6.5.3" media="all">
<link rel="https://api.w.org/" href="/wp-json/">
<meta name="generator" content="WordPress 6.5.3">
</head>
<body class="{body_class} wp-embed-responsive">
<a class="skip-link {HIDDEN}" href="#wp--skip-link--target">Skip to content</a>
<div class="wp-site-blocks">
<div class="wp-block-group lga-announcement alignfull has-contrast-background-color has-background is-layout-constrained"><p class="has-text-align-center has-small-font-size">{escape(banner)}</p></div>
{_header()}
{main}
{_footer()}
</div>
<script src="/wp-includes/js/dist/interactivity.min.js?ver=6.5.3" id="wp-interactivity-js"></script>
</body>
</html>"""


# --- detail -----------------------------------------------------------------------------------
def _graph(view: DetailView, updated) -> dict:
    case = view.case
    base = view.base_url
    url = f"{base}/case-studies/{case.slug}"
    dates = {"datePublished": parts.iso_seconds(case.created)} if case.shows_date else {}
    words = sum(len(b.text.split()) + sum(len(i.split()) for i in b.items) for b in case.body)
    return {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": f"{url}#article",
                "isPartOf": {"@id": url},
                "author": {"name": AUTHOR, "@id": f"{base}/#/schema/person/lga-case-studies"},
                "headline": case.title,
                **dates,
                "dateModified": parts.iso_seconds(updated),
                "mainEntityOfPage": {"@id": url},
                "wordCount": words,
                "publisher": {"@id": f"{base}/#organization"},
                "image": {"@id": f"{url}#primaryimage"},
                "thumbnailUrl": f"{base}/wp-content/uploads/case-studies/case-study-{case.nid}.jpg",
                "keywords": case.topics,
                "articleSection": ["Case studies"],
                "inLanguage": "en-GB",
            },
            {
                "@type": "WebPage",
                "@id": url,
                "url": url,
                "name": f"{case.title} - {parts.SITE_NAME}",
                "isPartOf": {"@id": f"{base}/#website"},
                "primaryImageOfPage": {"@id": f"{url}#primaryimage"},
                **dates,
                "dateModified": parts.iso_seconds(updated),
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
                "inLanguage": "en-GB",
                "potentialAction": [{"@type": "ReadAction", "target": [url]}],
            },
            {
                "@type": "ImageObject",
                "inLanguage": "en-GB",
                "@id": f"{url}#primaryimage",
                "url": f"{base}/wp-content/uploads/case-studies/case-study-{case.nid}.jpg",
                "contentUrl": f"{base}/wp-content/uploads/case-studies/case-study-{case.nid}.jpg",
                "width": 1200,
                "height": 675,
            },
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                    {
                        "@type": "ListItem",
                        "position": 2,
                        "name": "Case studies",
                        "item": f"{base}/case-studies",
                    },
                    {"@type": "ListItem", "position": 3, "name": case.title},
                ],
            },
            {
                "@type": "WebSite",
                "@id": f"{base}/#website",
                "url": f"{base}/",
                "name": parts.SITE_NAME,
                "description": "Supporting, promoting and improving local government",
                "publisher": {"@id": f"{base}/#organization"},
                "inLanguage": "en-GB",
            },
            {
                "@type": "Organization",
                "@id": f"{base}/#organization",
                "name": parts.SITE_NAME,
                "url": f"{base}/",
                "logo": {"@type": "ImageObject", "url": f"{base}/wp-content/uploads/lga-logo.png"},
                "sameAs": ["https://www.linkedin.com/company/local-government-association"],
            },
            {
                "@type": "Person",
                "@id": f"{base}/#/schema/person/lga-case-studies",
                "name": AUTHOR,
                "url": f"{base}/author/lga-case-studies/",
            },
        ],
    }


def _time(when) -> str:
    return f'<time datetime="{parts.iso_seconds(when)}">{parts.month_day_year(when.date())}</time>'


def render_detail(view: DetailView) -> str:
    """A case study as a single post of a block theme, Yoast's head and graph included."""
    case = view.case
    canonical = f"{view.base_url}/case-studies/{case.slug}"
    updated = parts.updated_of(case)
    minutes = max(1, sum(len(b.text.split()) for b in case.body) // 200)
    head = []
    if case.summary is not None:
        head.append(f'<meta name="description" content="{escape(case.summary)}">')
    head += [
        f'<link rel="canonical" href="{escape(canonical)}">',
        '<meta property="og:locale" content="en_GB">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(case.title)} - {parts.SITE_NAME}">',
    ]
    if case.summary is not None:
        head.append(f'<meta property="og:description" content="{escape(case.summary)}">')
    head += [
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:site_name" content="{parts.SITE_NAME}">',
    ]
    if case.shows_date:
        head.append(
            f'<meta property="article:published_time" content="{parts.iso_seconds(case.created)}">'
        )
    head += [
        f'<meta property="article:modified_time" content="{parts.iso_seconds(updated)}">',
        f'<meta property="og:image" content="{view.base_url}/wp-content/uploads/case-studies/case-study-{case.nid}.jpg">',
        f'<meta name="author" content="{AUTHOR}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="{AUTHOR}">',
        '<meta name="twitter:label2" content="Est. reading time">'
        f'<meta name="twitter:data2" content="{minutes} minute{"s" if minutes > 1 else ""}">',
        parts.json_ld(_graph(view, updated), "yoast-schema-graph"),
        f'<link rel="shortlink" href="{escape(view.base_url)}/?p={case.nid}">',
    ]
    lines = [f'<h1 class="wp-block-post-title">{escape(case.title)}</h1>']
    if case.summary is not None:
        lines.append(
            '<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">'
            f"{escape(case.summary)}</p></div>"
        )
    meta = [
        '<p class="lga-date-label">Last updated</p>',
        f'<div class="wp-block-post-date__modified-date wp-block-post-date">{_time(updated)}</div>',
    ]
    if case.shows_date:
        meta += [
            '<p class="lga-date-label">Published</p>',
            f'<div class="wp-block-post-date">{_time(case.created)}</div>',
        ]
    meta += [
        "<p>Written by</p>",
        '<div class="wp-block-post-author-name"><a href="/author/lga-case-studies/" target="_self" '
        f'class="wp-block-post-author-name__link">{AUTHOR}</a></div>',
        "<p>in</p>",
        '<div class="taxonomy-category wp-block-post-terms"><a href="/category/case-studies/" rel="tag">'
        "Case studies</a></div>",
    ]
    lines.append(
        '<div class="wp-block-group lga-post-meta has-small-font-size is-layout-flex">'
        + "".join(meta)
        + "</div>"
    )
    if case.topic_ids:
        topics = "".join(
            f'<p class="lga-topic-line">{parts.topic_label(tid, name, case.old_style, HIDDEN)}</p>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        )
        lines.append(f'<div class="wp-block-group lga-topic-lines is-layout-flow">{topics}</div>')
    if case.series_line:
        lines.append(
            f'<p class="lga-series-note has-small-font-size"><em>{escape(case.series_line)}</em></p>'
        )
    lines.append(
        '<figure class="wp-block-post-featured-image"><img width="1200" height="675" '
        f'src="/wp-content/uploads/case-studies/case-study-{case.nid}.jpg" '
        'class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" '
        'fetchpriority="high"><figcaption class="wp-element-caption">Image courtesy of the council'
        "</figcaption></figure>"
    )
    body = "\n".join(
        parts.body_blocks(case.body, heading_class="wp-block-heading", list_class="wp-block-list")
    )
    lines.append(
        '<div class="entry-content alignfull wp-block-post-content has-global-padding is-layout-constrained '
        f'wp-block-post-content-is-layout-constrained">\n{body}\n</div>'
    )
    if case.nid % 3 == 2:
        pdf = f"/wp-content/uploads/case-studies/case-study-{case.nid}.pdf"
        lines.append(
            f'<div class="wp-block-file"><a id="wp-block-file--media-{case.nid}" href="{pdf}">'
            "Download the full case study (PDF, 1.2MB)</a>"
            f'<a href="{pdf}" class="wp-block-file__button wp-element-button" download '
            f'aria-describedby="wp-block-file--media-{case.nid}">Download</a></div>'
        )
    if case.topic_ids:
        tags = '<span class="wp-block-post-terms__separator">, </span>'.join(
            f'<a href="{topic_path(tid)}" rel="tag">{escape(name)}</a>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        )
        lines.append(
            '<div class="taxonomy-post_tag wp-block-post-terms"><span class="wp-block-post-terms__prefix">'
            f"Tags: </span>{tags}</div>"
        )
    lines.append(
        '<ul class="wp-block-social-links has-small-icon-size is-layout-flex">'
        f'<li class="wp-social-link wp-social-link-linkedin wp-block-social-link"><a href="https://www.linkedin.com/sharing/share-offsite/?url={quote(canonical, safe="")}" class="wp-block-social-link-anchor"><span class="wp-block-social-link-label {HIDDEN}">Share on LinkedIn</span></a></li>'
        f'<li class="wp-social-link wp-social-link-mail wp-block-social-link"><a href="mailto:?body={quote(canonical, safe="")}" class="wp-block-social-link-anchor"><span class="wp-block-social-link-label {HIDDEN}">Share by email</span></a></li></ul>'
    )
    lines.append(
        '<div class="wp-block-comments"><div class="wp-block-post-comments-form">'
        '<p class="comments-closed">Comments are closed.</p></div></div>'
    )
    related = []
    for (title, href), other in zip(
        view.related, view.related_cases or [None] * len(view.related), strict=False
    ):
        excerpt = ""
        if other is not None and other.summary is not None:
            excerpt = (
                f'<div class="wp-block-latest-posts__post-excerpt">{escape(other.summary)}</div>'
            )
        related.append(
            f'<li><a class="wp-block-latest-posts__post-title" href="{escape(href)}">{escape(title)}</a>{excerpt}</li>'
        )
    main = f"""<main class="wp-block-group is-layout-flow" id="wp--skip-link--target">
<div class="wp-block-group alignwide has-global-padding is-layout-constrained">
<nav class="yoast-breadcrumbs" aria-label="Breadcrumb"><span><span><a href="/">Home</a></span> &raquo; <span><a href="/case-studies">Case studies</a></span> &raquo; <span class="breadcrumb_last" aria-current="page">{escape(case.title)}</span></span></nav>
</div>
<div class="wp-block-columns alignwide has-global-padding is-layout-flex">
<div class="wp-block-column is-layout-flow" style="flex-basis:66.66%">
<article class="post-{case.nid} post type-post status-publish format-standard has-post-thumbnail hentry category-case-studies">
{chr(10).join(lines)}
</article>
</div>
<div class="wp-block-column lga-sidebar is-layout-flow" style="flex-basis:33.33%">
<div class="wp-block-group lga-related is-layout-flow"><h2 class="wp-block-heading has-medium-font-size">Related case studies</h2>
<ul class="wp-block-latest-posts__list has-dates wp-block-latest-posts">{"".join(related)}</ul></div>
{_newsletter()}
{_search_block(1)}
</div>
</div>
</main>"""
    body_class = (
        f"post-template-default single single-post postid-{case.nid} single-format-standard"
    )
    return _page(case.title, view.banner, main, "\n".join(head) + "\n", body_class)


# --- listing ----------------------------------------------------------------------------------
def _select(param: str, title: str, terms: dict[int, str], parents: dict[int, int]) -> str:
    def depth(tid: int) -> int:
        d = 0
        while tid in parents:
            tid, d = parents[tid], d + 1
        return d

    options = [
        '<option class="sf-level-0 sf-item-0 sf-option-active" selected="selected" value="">- All -</option>'
    ]
    for tid, name in terms.items():
        level = depth(tid)
        indent = "&nbsp;&nbsp;&nbsp;" * level
        options.append(
            f'<option class="sf-level-{level} sf-item-{tid}" value="{tid}">{indent}{escape(name)}</option>'
        )
    return (
        f'<li class="sf-field-taxonomy-{param}" data-sf-field-name="_sft_{param}" '
        f'data-sf-field-type="taxonomy" data-sf-field-input-type="select"><h4>{title}</h4>'
        f'<label><select name="{param}" class="sf-input-select" title="">{"".join(options)}</select>'
        "</label></li>"
    )


def _post(view: ListingView, case) -> str:
    href = escape(view.teaser_href(case))
    parts_html = [
        f'<figure class="wp-block-post-featured-image"><a href="{href}" target="_self" aria-hidden="true" tabindex="-1">'
        f'<img width="600" height="338" src="/wp-content/uploads/case-studies/case-study-{case.nid}-600x338.jpg" '
        'class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" '
        'loading="lazy"></a></figure>',
        f'<h2 class="wp-block-post-title has-large-font-size"><a href="{href}" target="_self">{escape(case.title)}</a></h2>',
    ]
    if case.shows_date:
        parts_html.append(
            f'<div class="wp-block-post-date has-small-font-size">{_time(case.created)}</div>'
        )
    excerpt = (
        f'<p class="wp-block-post-excerpt__excerpt">{escape(case.summary)}</p>'
        if case.summary is not None
        else ""
    )
    parts_html.append(
        f'<div class="wp-block-post-excerpt">{excerpt}<p class="wp-block-post-excerpt__more-text">'
        f'<a class="wp-block-post-excerpt__more-link" href="{href}">Read more</a></p></div>'
    )
    if case.teaser_label:
        label = parts.topic_label(case.topic_ids[0], case.topics[0], case.old_style, HIDDEN)
        parts_html.append(f'<div class="lga-topic-label has-small-font-size">{label}</div>')
    classes = f"wp-block-post post-{case.nid} post type-post status-publish format-standard has-post-thumbnail hentry category-case-studies"
    return f'<li class="{classes}">\n{chr(10).join(parts_html)}\n</li>'


def _pagination(view: ListingView) -> str:
    if view.last_page == 0:
        return ""
    current, last = view.page, view.last_page
    shown = sorted({0, last, *range(current - 2, current + 3)} & set(range(last + 1)))
    numbers, previous = [], None
    for n in shown:
        if previous is not None and n > previous + 1:
            numbers.append('<span class="page-numbers dots">&hellip;</span>')
        if n == current:
            numbers.append(f'<span aria-current="page" class="page-numbers current">{n + 1}</span>')
        else:
            numbers.append(f'<a class="page-numbers" href="{escape(view.page_url(n))}">{n + 1}</a>')
        previous = n
    out = []
    if current > 0:
        out.append(
            f'<a href="{escape(view.page_url(current - 1))}" class="wp-block-query-pagination-previous">'
            '<span class="wp-block-query-pagination-previous-arrow is-arrow-arrow" aria-hidden="true">&larr;</span>Newer posts</a>'
        )
    out.append(f'<div class="wp-block-query-pagination-numbers">{"".join(numbers)}</div>')
    if current < last:
        out.append(
            f'<a href="{escape(view.page_url(current + 1))}" class="wp-block-query-pagination-next">Older posts'
            '<span class="wp-block-query-pagination-next-arrow is-arrow-arrow" aria-hidden="true">&rarr;</span></a>'
        )
    return (
        '<nav class="wp-block-query-pagination is-content-justification-space-between is-layout-flex" '
        f'aria-label="Pagination">{"".join(out)}</nav>'
    )


def render_listing(view: ListingView) -> str:
    """The case-study category archive: filters, count, query loop, pagination, sidebar."""
    posts = "\n".join(_post(view, c) for c in view.results)
    if posts:
        loop = f'<ul class="wp-block-post-template is-layout-flow">\n{posts}\n</ul>'
    else:
        loop = (
            '<p class="wp-block-query-no-results">Sorry, but nothing matched your search terms.</p>'
        )
    recent = view.featured or [(c.title, parts.case_path(c)) for c in view.results[:3]]
    recent_html = "".join(
        f'<li><a class="wp-block-latest-posts__post-title" href="{escape(h)}">{escape(t)}</a></li>'
        for t, h in recent
    )
    main = f"""<main class="wp-block-group is-layout-flow" id="wp--skip-link--target">
<div class="wp-block-group alignwide has-global-padding is-layout-constrained">
<h1 class="wp-block-query-title">Case studies</h1>
<div class="wp-block-term-description"><p>{parts.INTRO}</p>
<p>{parts.SHARE_INTRO} <a href="/contact">get in touch</a>.</p></div>
</div>
<div class="wp-block-columns alignwide has-global-padding is-layout-flex">
<div class="wp-block-column is-layout-flow" style="flex-basis:66.66%">
<form data-sf-form-id="14" data-is-rtl="0" action="/case-studies" method="get" class="searchandfilter" id="search-filter-form-14" autocomplete="off">
<ul>
<li class="sf-field-search" data-sf-field-name="search" data-sf-field-type="search" data-sf-field-input-type=""><label><span class="{HIDDEN}">Search</span><input placeholder="Search case studies" name="keys" class="sf-input-text" type="text" value="" title=""></label></li>
{_select("topic", "Filter by topics", view.topics, view.sub_topics)}
{_select("subject", "Filter by support type", view.support_types, {})}
<li class="sf-field-submit" data-sf-field-name="submit" data-sf-field-type="submit" data-sf-field-input-type=""><input type="submit" name="_sf_submit" value="Apply filters"></li>
</ul>
</form>
<p class="lga-results-count">Your search returned <strong>{parts.thousands(view.total)}</strong> results</p>
<div class="wp-block-query is-layout-flow">
{loop}
{_pagination(view)}
</div>
</div>
<div class="wp-block-column lga-sidebar is-layout-flow" style="flex-basis:33.33%">
<div class="wp-block-group lga-recent is-layout-flow"><h2 class="wp-block-heading has-medium-font-size">Recent case studies</h2>
<ul class="wp-block-latest-posts__list wp-block-latest-posts">{recent_html}</ul></div>
<div class="wp-block-group lga-covid has-base-2-background-color has-background is-layout-flow"><h2 class="wp-block-heading has-medium-font-size">{parts.COVID_TITLE}</h2><p class="has-small-font-size">{parts.COVID_TEXT}</p></div>
{_newsletter()}
{_search_block(2)}
</div>
</div>
</main>"""
    return _page(
        "Case studies",
        view.banner,
        main,
        f'<link rel="canonical" href="{escape(view.base_url)}/case-studies">\n',
        "archive category category-case-studies",
    )


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """The theme's 404 template: a heading, a sentence and the search block."""
    message = "This page has been removed" if status == 410 else "Page not found"
    main = f"""<main class="wp-block-group is-layout-flow" id="wp--skip-link--target">
<div class="wp-block-group alignwide has-global-padding is-layout-constrained">
<h1 class="wp-block-heading has-text-align-left">{message}</h1>
<p>The page you are looking for does not exist, or it has been moved. Please try searching using the form below.</p>
{_search_block(1)}
</div>
</main>"""
    return _page(message, banner, main, "", "error404")
