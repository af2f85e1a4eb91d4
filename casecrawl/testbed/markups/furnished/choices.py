"""The checklist (docs/markup-checklist.md) as toggles, and the furniture's own words.

Every toggle is drawn independently per seed from `random.Random(f"furnished:{seed}")`, in the
order of DIMENSIONS; `draw(seed)` gives {toggle: value}, JSON-serialisable.
"""

from __future__ import annotations

import random

# Forms of a date (see dates.py): only those the site's date may take.
DATE_FORMS = (
    "d_month_y",  # 3 March 2021
    "weekday_d_month_y",  # Wednesday 3 March 2021
    "wkd_d_mon_y",  # Wed, 3 Mar 2021
    "ordinal",  # 3rd March 2021
    "ordinal_of",  # 3rd of March 2021
    "month_d_y",  # March 3, 2021
    "mon_d_y",  # Mar 3, 2021
    "weekday_month_d_y",  # Wednesday, March 3, 2021
    "d_mon_y",  # 3 Mar 2021
    "dd_mm_yyyy",  # 03/03/2021
    "iso",  # 2021-03-03
    "iso_time",  # 2021-03-03T09:00:00+00:00
)

# The article header after the h1: its parts in real-world orders (the series line always last).
HEADER_ORDERS = (
    "summary-topics-meta-hero",
    "summary-meta-topics-hero",
    "hero-summary-meta-topics",
    "meta-summary-hero-topics",
    "topics-summary-meta-hero",
    "meta-hero-summary-topics",
    "summary-hero-topics-meta",
)

DIMENSIONS: dict[str, tuple] = {
    # --- page frame ---------------------------------------------------------------------------
    "class_style": ("bem", "utility", "hashed", "kebab", "none"),
    "landmarks": ("semantic", "roles", "soup"),
    "wrapper_depth": (0, 1, 2, 3),
    "title_format": ("pipe_full", "dash_full", "pipe_short", "title_only"),
    "sr_class": (
        "visually-hidden",
        "sr-only",
        "govuk-visually-hidden",
        "element-invisible",
        "screen-reader-text",
    ),
    "cookie_banner": ("none", "top", "bottom"),
    "cookie_form": ("buttons", "accept_and_link", "dialog"),
    "skip_link": (False, True),
    "print_header": (False, True),
    "banner": ("none", "strip", "alert", "link"),
    "logo": ("image_link", "text_link", "name_div", "name_h1", "svg_sr"),
    "main_nav": ("none", "simple", "mega"),
    "nav_featured": (False, True),
    "header_search": (False, True),
    "breadcrumbs": ("none", "full_title", "short_title", "no_current"),
    "breadcrumb_form": ("ol", "inline"),
    "sidebar": ("none", "left", "right"),
    "sidebar_popular": (False, True),
    "sidebar_contact": (False, True),
    "newsletter": ("none", "after_content", "sidebar", "footer"),
    "footer": ("small", "columns", "mega"),
    "back_to_top": (False, True),
    "chrome_heading": ("h2", "h3", "h4", "p_strong", "div"),
    "external_sr": (False, True),
    # --- head metadata --------------------------------------------------------------------------
    "meta_description": ("summary", "summary_trimmed", "absent"),
    "meta_no_summary": ("absent", "site_default"),
    "opengraph": (False, True),
    "twitter_cards": (False, True),
    "published_meta": (False, True),
    "jsonld": ("none", "article", "newsarticle", "webpage", "graph"),
    "jsonld_description": (False, True),
    "jsonld_modified": (False, True),
    "canonical": (False, True),
    "head_pager_links": (False, True),
    # --- article header ---------------------------------------------------------------------------
    "detail_eyebrow": (False, True),
    "h1_form": ("plain", "span", "classed"),
    "header_order": HEADER_ORDERS,
    "summary_style": ("p_class", "div_p", "plain_p", "div"),
    "summary_class": ("lead", "standfirst", "intro", "summary"),
    "hero": ("none", "figure_caption", "img_credit", "figure_credit", "background"),
    "byline": ("none", "by_team", "author_label"),
    "reading_time": (False, True),
    "date_label": ("published", "published_on", "first_published", "posted", "date_colon", "none"),
    "date_form": DATE_FORMS,
    "date_time_element": ("none", "date", "datetime"),
    "updated_stamp": ("none", "last_updated", "updated", "reviewed", "reviewed_next_due"),
    "updated_order": ("after", "before"),
    "updated_form": DATE_FORMS,
    "stamps_layout": ("inline", "dl", "separate", "list"),
    "stamps_place": ("header", "after_body", "split"),
    "topic_place": ("header", "after_body", "sidebar"),
    "topic_form": ("site_hidden", "site_visible", "chips", "comma", "lines"),
    "topic_heading": ("none", "Topics", "Tags", "Filed under", "Related topics"),
    "topic_href": ("topic_page", "filtered_listing"),
    "bare_topic_link": (False, True),
    "series_style": ("p", "p_em", "note_div", "callout"),
    # --- body -------------------------------------------------------------------------------------
    "body_depth": (0, 1, 2, 3),
    "body_style": ("plain", "sections", "accordion_details", "accordion_buttons"),
    "heading_ids": (False, True),
    "toc": ("none", "before_body", "sidebar"),
    # --- around the body ----------------------------------------------------------------------------
    "share_bar": ("none", "before_body", "after_body", "sidebar"),
    "share_items": ("text", "icons_sr", "short"),
    "copy_link": (False, True),
    "print_download": ("none", "print", "download", "both"),
    "print_download_place": ("before_body", "after_body", "sidebar"),
    "download_url": ("relative", "absolute"),
    "feedback": ("none", "useful", "report", "both"),
    "contact_block": ("none", "after_body", "sidebar"),
    "related_form": ("list", "cards", "carousel"),
    "related_heading": (
        "none",
        "You might also be interested in",
        "More case studies",
        "Related content",
        "Related case studies",
    ),
    "related_summaries": (False, True),
    "related_labels": (False, True),
    "related_place": ("after_body", "sidebar", "after_article"),
    # --- listing pages ------------------------------------------------------------------------------
    "listing_intro": ("one_p", "two_p", "lead"),
    "covid_block": (False, True),
    "filter_form": ("checkboxes", "select", "links", "radios"),
    "filter_heading": ("legend", "h2", "h3", "details", "div"),
    "filter_nesting": (False, True),
    "filter_place": ("above", "sidebar_left", "sidebar_right"),
    "search_field": (False, True),
    "sort_select": (False, True),
    "count_place": ("before_results", "after_results", "toolbar"),
    "count_markup": ("plain", "strong", "span"),
    "showing_range": (False, True),
    "teaser_container": ("ul", "div", "article", "grid"),
    "teaser_title_tag": ("h2", "h3", "h4", "div", "p"),
    "card_link": ("title", "wrap", "stretched"),
    "teaser_eyebrow": (False, True),
    "teaser_thumb": ("none", "before", "after"),
    "thumb_alt": ("title", "generic", "empty"),
    "teaser_date": ("none", "above", "below"),
    "teaser_read_more": ("none", "Read more", "Read the case study"),
    "teaser_summary": ("full", "ellipsis", "dots"),
    "teaser_tracking": ("none", "utm", "gclid"),
    "teaser_label_form": ("hidden_span", "visible"),
    "pager": ("numbered", "prev_next", "load_more", "full", "mini"),
}


def draw(seed: int) -> dict:
    """Every toggle's value for a seed: independent draws, in the order of DIMENSIONS."""
    rng = random.Random(f"furnished:{seed}")
    return {name: rng.choice(values) for name, values in DIMENSIONS.items()}


# --- the furniture's own words (never a topic name, a title or a summary) ---------------------
SITE_NAME = "Local Government Association"
SITE_SHORT = "LGA"
SITE_DESCRIPTION = (
    "The Local Government Association is the national voice of local government, working "
    "with councils to support, promote and improve local government."
)
NAV_LINKS = (
    ("/our-support", "Our support"),
    ("/case-studies", "Case studies"),
    ("/publications", "Publications"),
    ("/events", "Events"),
    ("/parliament", "Parliament"),
    ("/about", "About us"),
)
MEGA_MENU = {
    "Our support": (
        ("/our-support/peer-reviews", "Peer reviews"),
        ("/our-support/workforce", "Workforce and HR support"),
        ("/our-support/guidance", "Guidance and resources"),
    ),
    "News and events": (
        ("/news", "Media releases"),
        ("/events", "Events"),
        ("/first-magazine", "First magazine"),
    ),
    "About": (
        ("/about", "About the LGA"),
        ("/about/governance", "Governance and structure"),
        ("/about/jobs", "Jobs"),
    ),
}
POPULAR_LINKS = (
    ("/publications/white-paper", "Local Government White Paper"),
    ("/our-support/councillors-hub", "The councillors' hub"),
    ("/publications/workbook", "Councillor workbook: leading the way"),
    ("/events/annual-conference", "LGA Annual Conference and Exhibition"),
)
FOOTER_COLUMNS = (
    (
        "About us",
        (
            ("/about", "About the LGA"),
            ("/about/jobs", "Work for us"),
            ("/about/governance", "How we are run"),
        ),
    ),
    (
        "Our support",
        (
            ("/our-support/peer-reviews", "Peer reviews"),
            ("/our-support/guidance", "Guidance and tools"),
            ("/case-studies", "Case studies"),
        ),
    ),
    (
        "Get involved",
        (
            ("/events", "Events and webinars"),
            ("/first-magazine", "First magazine"),
            ("/newsletters", "Bulletins"),
        ),
    ),
    (
        "Follow us",
        (
            ("https://x.com/LGAcomms", "X"),
            ("https://www.linkedin.com/company/local-government-association", "LinkedIn"),
            ("https://www.youtube.com/user/LGAvideo", "YouTube"),
        ),
    ),
)
LEGAL_LINKS = (
    ("/accessibility", "Accessibility statement"),
    ("/privacy", "Privacy notice"),
    ("/cookies", "Cookies"),
    ("/terms", "Terms of use"),
    ("/contact", "Contact us"),
)
ADDRESS = "Local Government Association, 18 Smith Square, London SW1P 3HZ"
PHONE = "020 7664 3000"
EMAIL = "info@local.gov.uk"
COPYRIGHT = "\u00a9 Local Government Association"
COOKIE_HEADING = "Cookies on the LGA website"
COOKIE_TEXT = (
    "We use some essential cookies to make this website work. We would like to set additional "
    "cookies to understand how you use the site, remember your settings and improve our services."
)
NEWSLETTER_HEADING = "Sign up to our newsletter"
NEWSLETTER_TEXT = (
    "Get the latest news, events and support for councils straight to your inbox, every fortnight."
)
CONTACT_HEADINGS = ("Contact us", "Get in touch")
BYLINES = {
    "by_team": ("By the LGA communications team", "By the LGA improvement team"),
    "author_label": ("Author: Local Government Association", "Author: LGA Productivity team"),
}
CAPTIONS = (
    "Volunteers at a community event",
    "Residents and council staff at a drop-in session",
    "A new facility opened by the council",
    "Members of the project team on site",
    "Partners at the launch of the programme",
)
CREDITS = ("Photo: LGA", "Image credit: iStock", "Photo: the council", "Image: Shutterstock")
LISTING_INTROS = (
    "Innovation in local government is about improving the lives of the people in our "
    "communities. Browse our case studies to see the programmes councils run and what they "
    "learned on the way.",
    "If you have a case study you would like to share here, please get in touch with our team.",
)
COVID_HEADING = "COVID-19 case studies"
COVID_TEXT = (
    "Councils have done remarkable work to meet the challenges brought by coronavirus. "
    "Read how they adapted their services."
)
FEEDBACK_QUESTION = "Is this page useful?"
REPORT_PROBLEM = "Report a problem with this page"
TOC_HEADINGS = ("On this page", "Contents")
SHARE_HEADINGS = ("Share this page", "Share")
CHROME_TEXTS = (
    SITE_DESCRIPTION, COOKIE_HEADING, COOKIE_TEXT, NEWSLETTER_HEADING, NEWSLETTER_TEXT,
    COVID_HEADING, COVID_TEXT, FEEDBACK_QUESTION, REPORT_PROBLEM, ADDRESS, *LISTING_INTROS,
    *CAPTIONS, *CREDITS, *CONTACT_HEADINGS, *TOC_HEADINGS, *SHARE_HEADINGS,
    *(t for _, t in NAV_LINKS), *(t for _, t in POPULAR_LINKS), *(t for _, t in LEGAL_LINKS),
    *(t for c in FOOTER_COLUMNS for t in (c[0], *(x for _, x in c[1]))),
    *(t for k, links in MEGA_MENU.items() for t in (k, *(x for _, x in links))),
    *(t for texts in BYLINES.values() for t in texts),
)  # fmt: skip
