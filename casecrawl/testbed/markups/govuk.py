"""Variant 'govuk': GOV.UK Frontend with the GOV.UK publishing components.

A case study laid out as GOV.UK's publishing front ends lay out a 'case study' or a
publication: the cookie banner, the skip link, `govuk-header`, a global banner (where the
site-wide banner goes), the phase banner, breadcrumbs, the title component (a 'Case study'
caption and a `govuk-heading-xl` h1), the `gem-c-lead-paragraph` summary, the metadata component
('From:', 'Part of:' with the topics as plain links, 'Published', 'Last updated' with
'See all updates'), the inset text (the series line), attachments on some pages, the contents
list (the body's h2s, which carry govspeak anchors), the govspeak body, the published-dates
history, the share links, the related-navigation sidebar ('Related content' and 'Explore the
topic'), the 'Is this page useful?' feedback component, `govuk-footer`. Dates are written
'3 March 2021'; the head has govuk:* meta tags and a JSON-LD Article.

The listing is a finder: a keyword search and option-select facets of GOV.UK checkboxes
(`topic[ID]`, an exclusive '- All -' first), the count as 'Your search returned 2,568 results'
(thousands separator; '1 result'), a sort select, the document list (title link, description,
metadata attributes: document type, date, the topic label), and the GOV.UK pagination component
(first, last, the current page and its neighbours, ellipses, Previous/Next).
"""

from __future__ import annotations

from urllib.parse import quote

from casecrawl.testbed.markups import cms_parts as parts
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import DetailView, ListingView, escape

HIDDEN = "govuk-visually-hidden"
MENU = (("/topics", "Topics"), ("/case-studies", "Case studies"), ("/publications", "Publications"),
        ("/our-support", "Support and improvement"), ("/about", "About"))  # fmt: skip
ICON_PREV = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">'
    '<path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984'
    'l4.2931-4.293-1.414-1.414z"></path></svg>'
)
ICON_NEXT = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">'
    '<path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 '
    '6.7441-6.4062-6.7246-6.7266z"></path></svg>'
)


def _cookie_banner() -> str:
    label = f"Cookies on the {parts.SITE_NAME} website"
    return f"""<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix" data-module="cookie-banner" data-nosnippet role="region" aria-label="{label}" hidden>
<div class="govuk-cookie-banner js-banner-wrapper" role="region" aria-label="{label}">
<div class="gem-c-cookie-banner__message govuk-cookie-banner__message govuk-width-container">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h2 class="govuk-cookie-banner__heading govuk-heading-m">{label}</h2>
<div class="govuk-cookie-banner__content"><p class="govuk-body">We use some essential cookies to make this website work.</p>
<p class="govuk-body">We'd like to set additional cookies to understand how you use the website, remember your settings and improve our services.</p></div>
</div></div>
<div class="govuk-button-group"><button class="gem-c-button govuk-button" type="submit" data-accept-cookies="true">Accept additional cookies</button>
<button class="gem-c-button govuk-button" type="submit" data-reject-cookies="true">Reject additional cookies</button>
<a class="govuk-link" href="/cookies">View cookies</a></div>
</div></div></div>"""


def _header() -> str:
    items = "".join(
        f'<li class="govuk-header__navigation-item"><a class="govuk-header__link" href="{h}">{t}</a></li>'
        for h, t in MENU
    )
    return f"""<header class="govuk-header" data-module="govuk-header">
<div class="govuk-header__container govuk-width-container">
<div class="govuk-header__logo"><a href="/" class="govuk-header__link govuk-header__link--homepage">
<span class="govuk-header__logotype"><span class="govuk-header__logotype-text">{parts.SITE_NAME}</span></span></a></div>
<div class="govuk-header__content">
<nav aria-label="Menu" class="govuk-header__navigation">
<button type="button" class="govuk-header__menu-button govuk-js-header-toggle" aria-controls="navigation" hidden>Menu</button>
<ul id="navigation" class="govuk-header__navigation-list">{items}</ul>
</nav></div>
</div>
</header>"""


def _global_banner(banner: str) -> str:
    return f"""<div class="gem-c-global-banner govuk-!-display-none-print" data-module="global-banner" data-banner-version="7">
<p class="gem-c-global-banner__message govuk-width-container"><a class="govuk-link gem-c-global-banner__title js-call-to-action" href="/our-campaigns">{escape(banner)}</a></p>
</div>"""


def _breadcrumbs(trail: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<li class="govuk-breadcrumbs__list-item"><a class="govuk-breadcrumbs__link" href="{h}">{escape(t)}</a></li>'
        for h, t in trail
    )
    return f"""<div class="gem-c-breadcrumbs govuk-breadcrumbs govuk-breadcrumbs--collapse-on-mobile" data-module="ga4-link-tracker">
<ol class="govuk-breadcrumbs__list">{items}</ol></div>"""


def _footer() -> str:
    links = (("/help", "Help"), ("/privacy-notice", "Privacy"), ("/cookies", "Cookies"),
             ("/accessibility-statement", "Accessibility statement"), ("/contact", "Contact"))  # fmt: skip
    items = "".join(
        f'<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{h}">{t}</a></li>'
        for h, t in links
    )
    return f"""<footer class="gem-c-layout-footer govuk-footer" role="contentinfo">
<div class="govuk-width-container"><div class="govuk-footer__meta">
<div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<h2 class="{HIDDEN}">Support links</h2><ul class="govuk-footer__inline-list">{items}</ul>
<span class="govuk-footer__licence-description">{parts.ADDRESS}</span></div>
<div class="govuk-footer__meta-item"><a class="govuk-footer__link govuk-footer__copyright-logo" href="/copyright">&copy; {parts.SITE_NAME}</a></div>
</div></div>
</footer>"""


def _page(title: str, banner: str, crumbs: str, main: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title lang="en">{escape(title)} - {parts.SITE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1d70b8">
<link rel="stylesheet" href="/assets/frontend/application.css">
{head}</head>
<body class="govuk-template__body gem-c-layout-for-public">
<script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
{_cookie_banner()}
<a href="#main-content" class="gem-c-skip-link govuk-skip-link govuk-!-display-none-print" data-module="govuk-skip-link">Skip to main content</a>
{_header()}
{_global_banner(banner)}
<div class="govuk-width-container">
<div class="govuk-phase-banner"><p class="govuk-phase-banner__content"><strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
<span class="govuk-phase-banner__text">This is a new website. Your <a class="govuk-link" href="/feedback">feedback</a> will help us to improve it.</span></p></div>
{crumbs}
<main class="govuk-main-wrapper govuk-main-wrapper--auto-spacing" id="main-content" role="main" lang="en">
{main}
</main>
</div>
{_footer()}
<script src="/assets/frontend/application.js" type="module"></script>
</body>
</html>"""


def _feedback(path: str) -> str:
    return f"""<div class="gem-c-feedback govuk-!-display-none-print" data-module="feedback ga4-event-tracker">
<div class="gem-c-feedback__prompt gem-c-feedback__js-show js-prompt" tabindex="-1">
<div class="gem-c-feedback__prompt-content">
<div class="gem-c-feedback__prompt-questions js-prompt-questions">
<div class="gem-c-feedback__prompt-question-answer">
<h2 class="gem-c-feedback__prompt-question">Is this page useful?</h2>
<ul class="gem-c-feedback__option-list">
<li class="gem-c-feedback__option-list-item"><button class="govuk-button gem-c-feedback__prompt-link js-page-is-useful">Yes <span class="{HIDDEN}">this page is useful</span></button></li>
<li class="gem-c-feedback__option-list-item"><button class="govuk-button gem-c-feedback__prompt-link js-toggle-form js-page-is-not-useful" aria-controls="page-is-not-useful" aria-expanded="false">No <span class="{HIDDEN}">this page is not useful</span></button></li>
</ul></div></div>
<div class="gem-c-feedback__prompt-questions gem-c-feedback__prompt-success js-prompt-success" role="alert" hidden>Thank you for your feedback</div>
<div class="gem-c-feedback__prompt-questions gem-c-feedback__prompt-questions--something-is-wrong js-prompt-questions">
<button class="govuk-button gem-c-feedback__prompt-link js-toggle-form js-something-is-wrong" aria-controls="something-is-wrong" aria-expanded="false">Report a problem with this page</button>
</div></div></div>
<form action="/contact/feedback" id="something-is-wrong" class="gem-c-feedback__form js-feedback-form" data-track-category="Onsite Feedback" hidden>
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h3 class="gem-c-feedback__form-heading">Help us improve this website</h3>
<input type="hidden" name="url" value="{escape(path)}">
<div class="govuk-form-group gem-c-textarea"><label for="feedback-what-doing" class="gem-c-label govuk-label">What were you doing?</label><textarea name="what_doing" class="govuk-textarea" id="feedback-what-doing" rows="3"></textarea></div>
<div class="govuk-form-group gem-c-textarea"><label for="feedback-what-wrong" class="gem-c-label govuk-label">What went wrong?</label><textarea name="what_wrong" class="govuk-textarea" id="feedback-what-wrong" rows="3"></textarea></div>
<button class="gem-c-button govuk-button" type="submit">Send</button>
<button class="govuk-button govuk-button--secondary gem-c-feedback__close js-close-form" aria-controls="something-is-wrong" aria-expanded="true">Cancel</button>
</div></div></form>
</div>"""


def _share_links(page_url: str, page_title: str) -> str:
    url, title = quote(page_url, safe=""), quote(page_title, safe="")
    networks = (
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("twitter", "Twitter", f"https://twitter.com/share?url={url}&amp;text={title}"),
        ("email", "Email", f"mailto:?subject={title}&amp;body={url}"),
    )
    items = "".join(
        f'<li class="gem-c-share-links__list-item"><a class="govuk-link govuk-link--no-underline '
        f'gem-c-share-links__link" target="_blank" rel="noopener noreferrer external" '
        f'data-network="{key}" href="{href}"><span class="gem-c-share-links__label">'
        f'<span class="{HIDDEN}">Share on </span>{label}<span class="{HIDDEN}"> (opens in new tab)'
        f"</span></span></a></li>"
        for key, label, href in networks
    )
    return f"""<div class="gem-c-share-links govuk-!-display-none-print" data-module="ga4-link-tracker">
<h2 class="gem-c-share-links__title">Share this page</h2>
<ul class="gem-c-share-links__list">{items}</ul></div>"""


def _and_list(links: list[str]) -> str:
    """The metadata component's sentence: 'A', 'A and B', 'A, B and C'."""
    if len(links) < 2:
        return "".join(links)
    return ", ".join(links[:-1]) + " and " + links[-1]


def render_detail(view: DetailView) -> str:
    """A case study as a GOV.UK publishing page."""
    case = view.case
    canonical = f"{view.base_url}/case-studies/{case.slug}"
    updated = parts.updated_of(case)
    updated_text = parts.day_month_year(updated.date())
    head = [
        f'<link rel="canonical" href="{escape(canonical)}">',
        '<meta name="govuk:format" content="case_study">',
        '<meta name="govuk:schema-name" content="case_study">',
        f'<meta name="govuk:content-id" content="5f1c{case.nid:08x}-7c0a-4e1b-9b6d-00000000{case.nid % 10000:04d}">',
    ]
    if case.shows_date:
        head.append(
            f'<meta name="govuk:first-published-at" content="{parts.iso_seconds(case.created)}">'
        )
    head += [
        f'<meta name="govuk:updated-at" content="{parts.iso_seconds(updated)}">',
        f'<meta name="govuk:public-updated-at" content="{parts.iso_seconds(updated)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{parts.SITE_NAME}">',
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:title" content="{escape(case.title)}">',
    ]
    if case.summary is not None:
        head.insert(1, f'<meta name="description" content="{escape(case.summary)}">')
        head.append(f'<meta property="og:description" content="{escape(case.summary)}">')
    org = {"@type": "Organization", "name": parts.SITE_NAME, "url": f"{view.base_url}/"}
    article = {
        "@context": "http://schema.org",
        "@type": "Article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "name": case.title,
        "headline": case.title,
        **({"datePublished": parts.iso_seconds(case.created)} if case.shows_date else {}),
        "dateModified": parts.iso_seconds(updated),
        "author": org,
        "publisher": org,
    }
    head.append(parts.json_ld(article))

    meta = [
        '<dt class="gem-c-metadata__term">From:</dt><dd class="gem-c-metadata__definition">'
        f'<a href="/about" class="govuk-link">{parts.SITE_NAME}</a></dd>'
    ]
    if case.topic_ids:
        links = [
            f'<a href="{topic_path(tid)}" class="govuk-link">{escape(name)}</a>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        ]
        meta.append(
            '<dt class="gem-c-metadata__term">Part of:</dt>'
            f'<dd class="gem-c-metadata__definition">{_and_list(links)}</dd>'
        )
    if case.shows_date:
        meta.append(
            '<dt class="gem-c-metadata__term">Published</dt>'
            f'<dd class="gem-c-metadata__definition">{parts.day_month_year(case.created.date())}</dd>'
        )
    meta.append(
        '<dt class="gem-c-metadata__term">Last updated</dt>'
        f'<dd class="gem-c-metadata__definition">{updated_text} &#8212; '
        '<a href="#full-publication-update-history" class="gem-c-metadata__definition-link '
        'govuk-!-display-none-print js-see-all-updates-link">See all updates</a></dd>'
    )
    summary = (
        f'\n<p class="gem-c-lead-paragraph">{escape(case.summary)}</p>'
        if case.summary is not None
        else ""
    )
    series = (
        f'<div class="gem-c-inset-text govuk-inset-text">{escape(case.series_line)}</div>'
        if case.series_line
        else ""
    )
    attachment = ""
    if case.nid % 4 == 1:
        attachment = f"""<section class="gem-c-attachment govuk-!-display-none-print">
<div class="gem-c-attachment__thumbnail"><a class="govuk-link" href="/sites/default/files/documents/case-study-{case.nid}.pdf" tabindex="-1" aria-hidden="true"><img src="/assets/pub-cover-doc.png" alt=""></a></div>
<div class="gem-c-attachment__details"><h3 class="gem-c-attachment__title"><a class="govuk-link gem-c-attachment__link" href="/sites/default/files/documents/case-study-{case.nid}.pdf">Download the full case study</a></h3>
<p class="gem-c-attachment__metadata"><span class="gem-c-attachment__attribute"><abbr title="Portable Document Format" class="gem-c-attachment__abbr">PDF</abbr></span>, <span class="gem-c-attachment__attribute">1.2 MB</span>, <span class="gem-c-attachment__attribute">12 pages</span></p></div>
</section>"""
    contents = parts.contents_of(case.body)
    contents_html = ""
    if contents:
        items = "".join(
            '<li class="gem-c-contents-list__list-item gem-c-contents-list__list-item--dashed">'
            f'<a class="gem-c-contents-list__link govuk-link" href="#{anchor}">{escape(text)}</a></li>'
            for anchor, text in contents
        )
        contents_html = f"""<nav class="gem-c-contents-list gem-c-contents-list--no-underline" aria-label="Contents" role="navigation" data-module="ga4-link-tracker">
<h2 class="gem-c-contents-list__title">Contents</h2>
<ol class="gem-c-contents-list__list">{items}</ol></nav>"""
    body = "\n".join(parts.body_blocks(case.body, anchors=True))
    history = [
        '<li class="gem-c-published-dates__change-item"><time class="gem-c-published-dates__change-date '
        f'timestamp" datetime="{parts.iso_seconds(updated)}">{updated_text}</time>'
        '<p class="gem-c-published-dates__change-note">Case study reviewed and updated.</p></li>'
    ]
    if case.shows_date:
        published_line = f"Published {parts.day_month_year(case.created.date())}<br>"
        history.append(
            '<li class="gem-c-published-dates__change-item"><time class="gem-c-published-dates__change-date '
            f'timestamp" datetime="{parts.iso_seconds(case.created)}">'
            f"{parts.day_month_year(case.created.date())}</time>"
            '<p class="gem-c-published-dates__change-note">First published.</p></li>'
        )
    else:
        published_line = ""
    published_dates = f"""<div class="gem-c-published-dates govuk-!-display-none-print" data-module="gem-toggle" lang="en">
{published_line}Last updated {updated_text}<br>
<a href="#full-history" class="govuk-link gem-c-published-dates__toggle" data-controls="full-history" data-expanded="false">+ show all updates</a>
<div class="gem-c-published-dates__change-history js-hidden" id="full-history"><ol class="gem-c-published-dates__list">{"".join(history)}</ol></div>
</div>"""
    related = "".join(
        '<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
        f'gem-c-related-navigation__section-link--sidebar" href="{escape(href)}">{escape(title)}</a></li>'
        for title, href in view.related
    )
    explore = ""
    if case.topic_ids:
        topic_items = "".join(
            '<li class="gem-c-related-navigation__link"><a class="govuk-link gem-c-related-navigation__section-link '
            f'gem-c-related-navigation__section-link--sidebar" href="{topic_path(tid)}">{escape(name)}</a></li>'
            for tid, name in zip(case.topic_ids, case.topics, strict=True)
        )
        explore = f"""<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-topics">
<h3 id="related-nav-topics" class="gem-c-related-navigation__sub-heading gem-c-related-navigation__sub-heading--sidebar">Explore the topic</h3>
<ul class="gem-c-related-navigation__link-list">{topic_items}</ul></nav>"""
    main = f"""<div class="govuk-grid-row gem-print-columns-none">
<div class="govuk-grid-column-two-thirds">
<div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8"><span class="govuk-caption-xl gem-c-title__context">Case study</span>
<h1 class="gem-c-title__text govuk-heading-xl">{escape(case.title)}</h1></div>{summary}
</div>
<div class="govuk-grid-column-one-third">
<div class="gem-c-single-page-notification-button govuk-!-display-none-print"><a class="gem-c-single-page-notification-button__submit" href="/email-signup?link=/case-studies/{escape(case.slug)}">Get emails about this page</a></div>
</div>
</div>
<div class="govuk-grid-row gem-print-columns-none">
<div class="govuk-grid-column-two-thirds">
<div class="gem-c-metadata" data-module="gem-toggle metadata"><dl class="gem-c-metadata__list">
{chr(10).join(meta)}
</dl></div>
{series}
</div>
</div>
<div class="govuk-grid-row gem-print-columns-none">
<div class="govuk-grid-column-two-thirds">
{attachment}
{contents_html}
<div class="gem-c-govspeak govuk-govspeak direction-ltr" data-module="govspeak">
{body}
</div>
{published_dates}
{_share_links(canonical, case.title)}
</div>
<div class="govuk-grid-column-one-third">
<div class="gem-c-contextual-sidebar govuk-!-display-none-print">
<div class="gem-c-related-navigation" data-module="ga4-link-tracker">
<h2 id="related-nav-related_items" class="gem-c-related-navigation__main-heading">Related content</h2>
<nav role="navigation" class="gem-c-related-navigation__nav-section" aria-labelledby="related-nav-related_items">
<ul class="gem-c-related-navigation__link-list">{related}</ul></nav>
{explore}
</div></div>
</div>
</div>
{_feedback(f"/case-studies/{case.slug}")}"""
    crumbs = _breadcrumbs([("/", "Home"), ("/case-studies", "Case studies")])
    return _page(case.title, view.banner, crumbs, main, "\n".join(head) + "\n")


# --- listing ----------------------------------------------------------------------------------
def _option_select(param: str, title: str, terms: dict[int, str]) -> str:
    boxes = [
        f'<li class="govuk-checkboxes__item"><input type="checkbox" name="{param}_all" id="{param}-all" '
        'value="All" class="govuk-checkboxes__input" data-behaviour="exclusive">'
        f'<label for="{param}-all" class="govuk-label govuk-checkboxes__label">- All -</label></li>'
    ]
    for tid, name in terms.items():
        boxes.append(
            f'<li class="govuk-checkboxes__item"><input type="checkbox" name="{param}[{tid}]" '
            f'id="{param}-{tid}" value="{tid}" class="govuk-checkboxes__input">'
            f'<label for="{param}-{tid}" class="govuk-label govuk-checkboxes__label">{escape(name)}</label></li>'
        )
    return f"""<div class="app-c-option-select" data-module="option-select" id="{param}">
<h3 class="app-c-option-select__heading js-container-heading"><span class="app-c-option-select__title js-container-button" id="option-select-title-{param}">{title}</span></h3>
<div role="group" aria-labelledby="option-select-title-{param}" class="app-c-option-select__container js-options-container" id="{param}-options" tabindex="-1">
<div class="app-c-option-select__container-inner js-auto-height-inner">
<div class="govuk-form-group gem-c-checkboxes" data-module="gem-checkboxes">
<fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--m gem-c-checkboxes__legend--hidden">{title}</legend>
<ul class="govuk-checkboxes govuk-checkboxes--small gem-c-checkboxes__list" data-module="govuk-checkboxes">{"".join(boxes)}</ul>
</fieldset></div>
</div></div></div>"""


def _result(view: ListingView, case) -> str:
    lines = [
        '<div class="gem-c-document-list__item-title"><a class="govuk-link gem-c-document-list__item-link" '
        f'href="{escape(view.teaser_href(case))}">{escape(case.title)}</a></div>'
    ]
    if case.summary is not None:
        lines.append(f'<p class="gem-c-document-list__item-description">{escape(case.summary)}</p>')
    attributes = ['<li class="gem-c-document-list__attribute">Document type: Case study</li>']
    if case.shows_date:
        day = case.created.date()
        attributes.append(
            '<li class="gem-c-document-list__attribute">Published: '
            f'<time datetime="{day.isoformat()}">{parts.day_month_year(day)}</time></li>'
        )
    if case.teaser_label:
        label = parts.topic_label(
            case.topic_ids[0], case.topics[0], case.old_style, HIDDEN, ' class="govuk-link"'
        )
        attributes.append(f'<li class="gem-c-document-list__attribute">{label}</li>')
    lines.append(f'<ul class="gem-c-document-list__item-metadata">{"".join(attributes)}</ul>')
    return f'<li class="gem-c-document-list__item">\n{chr(10).join(lines)}\n</li>'


def _pagination(view: ListingView) -> str:
    if view.last_page == 0:
        return ""
    current, last = view.page, view.last_page
    shown = sorted({0, last, current - 1, current, current + 1} & set(range(last + 1)))
    items, previous = [], None
    for n in shown:
        if previous is not None and n > previous + 1:
            items.append(
                '<li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>'
            )
        if n == current:
            items.append(
                '<li class="govuk-pagination__item govuk-pagination__item--current"><a class="govuk-link '
                f'govuk-pagination__link" href="{escape(view.page_url(n))}" aria-label="Page {n + 1}" '
                f'aria-current="page">{n + 1}</a></li>'
            )
        else:
            items.append(
                '<li class="govuk-pagination__item"><a class="govuk-link govuk-pagination__link" '
                f'href="{escape(view.page_url(n))}" aria-label="Page {n + 1}">{n + 1}</a></li>'
            )
        previous = n
    prev_html = next_html = ""
    if current > 0:
        prev_html = (
            '<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" '
            f'href="{escape(view.page_url(current - 1))}" rel="prev">{ICON_PREV}'
            f'<span class="govuk-pagination__link-title">Previous<span class="{HIDDEN}"> page</span>'
            "</span></a></div>"
        )
    if current < last:
        next_html = (
            '<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" '
            f'href="{escape(view.page_url(current + 1))}" rel="next"><span class="govuk-pagination__link-title">'
            f'Next<span class="{HIDDEN}"> page</span></span>{ICON_NEXT}</a></div>'
        )
    return f"""<nav class="govuk-pagination" aria-label="Pagination">
{prev_html}<ul class="govuk-pagination__list">{"".join(items)}</ul>{next_html}
</nav>"""


def render_listing(view: ListingView) -> str:
    """The case studies as a GOV.UK finder."""
    noun = "result" if view.total == 1 else "results"
    results = "\n".join(_result(view, c) for c in view.results)
    if results:
        results_html = (
            f'<ul class="gem-c-document-list" data-module="ga4-link-tracker">\n{results}\n</ul>'
        )
    else:
        results_html = (
            '<div class="govuk-body"><p>There are no matching results.</p>'
            "<p>Improve your search results by removing filters or checking your spelling.</p></div>"
        )
    main = f"""<div class="govuk-grid-row">
<div class="govuk-grid-column-two-thirds">
<div class="gem-c-title govuk-!-margin-top-8 govuk-!-margin-bottom-8"><h1 class="gem-c-title__text govuk-heading-xl">Case studies</h1></div>
<p class="govuk-body-l">{parts.INTRO}</p>
<p class="govuk-body">{parts.SHARE_INTRO} <a class="govuk-link" href="/contact">get in touch</a>.</p>
<div class="gem-c-inset-text govuk-inset-text"><h2 class="govuk-heading-s">{parts.COVID_TITLE}</h2><p class="govuk-body">{parts.COVID_TEXT}</p></div>
</div>
</div>
<form method="get" action="/case-studies" class="js-live-search-form" id="finder-form">
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-third">
<div class="gem-c-search govuk-!-display-none-print gem-c-search--on-white" data-module="gem-toggle-input-class-on-focus">
<label for="finder-keyword-search" class="gem-c-search__label">Search</label>
<div class="gem-c-search__item-wrapper"><input enterkeyhint="search" class="gem-c-search__item gem-c-search__input js-class-toggle" id="finder-keyword-search" name="keys" title="Search" type="search" value="">
<div class="gem-c-search__item gem-c-search__submit-wrapper"><button class="gem-c-search__submit" type="submit">Search</button></div></div>
</div>
<div class="facets" data-module="ga4-finder-tracker">
{_option_select("topic", "Filter by topics", view.topics)}
{_option_select("subject", "Filter by support type", view.support_types)}
</div>
<button class="gem-c-button govuk-button" type="submit">Filter results</button>
</div>
<div class="govuk-grid-column-two-thirds">
<div class="result-info">
<div class="result-info__header"><h2 class="govuk-heading-s govuk-!-margin-bottom-0" id="js-result-count" aria-live="polite">Your search returned {parts.thousands(view.total)} {noun}</h2></div>
<div class="gem-c-select govuk-form-group"><label class="govuk-label" for="order">Sort by</label>
<select name="sort_by" id="order" class="govuk-select"><option value="created" selected>Updated (newest)</option><option value="title">A to Z</option></select></div>
</div>
<div id="js-results" class="finder-results js-finder-results" data-module="ga4-ecommerce-tracker">
{results_html}
</div>
{_pagination(view)}
</div>
</div>
</form>"""
    crumbs = _breadcrumbs([("/", "Home")])
    return _page("Case studies", view.banner, crumbs, main)


def render_not_found(base_url: str, banner: str, status: int) -> str:
    """GOV.UK's error page: a heading-xl message and where to go next."""
    message = "This page has been removed" if status == 410 else "Page not found"
    main = f"""<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-xl">{message}</h1>
<p class="govuk-body">If you typed the web address, check it is correct.</p>
<p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
<p class="govuk-body"><a class="govuk-link" href="/case-studies">Browse all case studies</a>.</p>
</div></div>"""
    return _page(message, banner, "", main)
