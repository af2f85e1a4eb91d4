"""The page frame of the furnished markup: class names, landmarks, head, header, footer, chrome.

`Theme(seed, choices)` holds one seed's toggles and renders what every page shares; detail.py
and listing.py render the content.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from casecrawl.testbed.markups.furnished import choices as words
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import escape

# Landmark elements and the ARIA roles that stand for them in div-based themes.
ROLES = {
    "header": "banner",
    "nav": "navigation",
    "main": "main",
    "aside": "complementary",
    "footer": "contentinfo",
    "article": "article",
    "section": "region",
}
# Utility-class sets (Tailwind-like); never `hidden` or anything that hides content.
UTILITY = (
    "flex flex-col gap-4",
    "mt-6 mb-4",
    "text-sm text-slate-600",
    "max-w-prose mx-auto",
    "px-4 py-2 rounded-md",
    "grid gap-6 md:grid-cols-3",
    "font-semibold text-lg",
    "border-t border-slate-200 pt-6 mt-8",
    "space-y-4",
    "container mx-auto px-4",
    "flex items-center justify-between",
    "text-base leading-relaxed",
    "bg-slate-50 p-6",
    "inline-flex items-center gap-2",
)
SHARE_TARGETS = (
    ("X", "https://x.com/intent/post?url={url}&text={text}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
)


class Theme:
    """One seed's furniture: the toggles (`ch`) and the helpers every page is built with."""

    def __init__(self, seed: int, choices: dict):
        self.seed = seed
        self.ch = choices

    # --- class names, landmarks, wrappers, headings -------------------------------------------
    def c(self, role: str, *extra: str) -> str:
        """A class attribute for a role ('block__element'), in the seed's naming style; `extra`
        classes (semantic ones such as the sr-only class) are kept in every style."""
        style = self.ch["class_style"]
        names = list(extra)
        if style == "bem":
            names.insert(0, f"c-{role}")
        elif style == "kebab":
            names.insert(0, role.replace("__", "-").replace("--", "-"))
        elif style == "hashed":
            block, _, element = role.partition("__")
            digest = hashlib.sha1(f"{self.seed}:{role}".encode()).hexdigest()[:5]
            module = "".join(part.title() for part in block.replace("--", "-").split("-"))
            names.insert(0, f"{module}_{(element or 'root').replace('-', '_')}__{digest}")
        elif style == "utility":
            digest = hashlib.sha1(f"{self.seed}:{role}".encode()).digest()
            names.insert(0, UTILITY[digest[0] % len(UTILITY)])
        return f' class="{" ".join(names)}"' if names else ""

    def region(self, kind: str, role: str, inner: str, label: str = "", attrs: str = "") -> str:
        """A landmark (`kind`: header, nav, main, aside, footer, article, section) as the seed's
        themes write it: the element, a div with its ARIA role, or a bare div."""
        style = self.ch["landmarks"]
        aria = f' aria-label="{escape(label)}"' if label and style != "soup" else ""
        if style == "semantic":
            tag, role_attr = kind, ""
        elif style == "roles":
            tag, role_attr = "div", f' role="{ROLES[kind]}"'
        else:
            tag, role_attr = "div", ""
        return f"<{tag}{self.c(role)}{role_attr}{aria}{attrs}>{inner}</{tag}>"

    def wrap(self, inner: str, depth: int, role: str) -> str:
        """`inner` in `depth` nested layout divs."""
        for level in reversed(range(depth)):
            inner = f"<div{self.c(f'{role}__wrap-{level}')}>{inner}</div>"
        return inner

    def heading(self, text: str, role: str, level_shift: int = 0, raw: bool = False) -> str:
        """A chrome heading (related, sidebar blocks, footer columns...) at the seed's level,
        `level_shift` levels lower; `raw`: `text` is HTML already."""
        form = self.ch["chrome_heading"]
        inner = text if raw else escape(text)
        if form == "p_strong":
            return f"<p{self.c(role)}><strong>{inner}</strong></p>"
        if form == "div":
            return f"<div{self.c(role)}>{inner}</div>"
        level = min(int(form[1]) + level_shift, 6)
        return f"<h{level}{self.c(role)}>{inner}</h{level}>"

    def sr(self, text: str) -> str:
        """Text for screen readers only."""
        return f'<span class="{self.ch["sr_class"]}">{escape(text)}</span>'

    def external(self, href: str, text: str, role: str) -> str:
        """A link leaving the site, with '(opens in a new tab)' for screen readers when on."""
        extra = self.sr(" (opens in a new tab)") if self.ch["external_sr"] else ""
        return (
            f'<a href="{escape(href)}"{self.c(role)} target="_blank" rel="noopener">'
            f"{escape(text)}{extra}</a>"
        )

    def link(self, href: str, text: str, role: str) -> str:
        """A chrome link: external ones as `external`, site ones plain."""
        if href.startswith("http"):
            return self.external(href, text, role)
        return f'<a href="{escape(href)}">{escape(text)}</a>'

    # --- topics -----------------------------------------------------------------------------------
    def topic_href(self, topic_id: int) -> str:
        """A topic link's target: the topic's page or the listing filtered on it."""
        if self.ch["topic_href"] == "topic_page":
            return topic_path(topic_id)
        return f"/case-studies?topic%5B{topic_id}%5D={topic_id}"

    def topic_label(self, topic_id: int, name: str, old_style: bool, hidden: bool) -> str:
        """The site's topic label (site-notes): 'View all' + '<Topic> articles' (the second
        part for screen readers only when `hidden`), or the bare name on older items."""
        href = self.topic_href(topic_id)
        if old_style:
            if self.ch["bare_topic_link"]:
                return f'<a href="{href}">{escape(name)}</a>'
            return f"<span{self.c('topic__name')}>{escape(name)}</span>"
        if hidden:
            return (
                f'<a href="{href}"{self.c("topic__link")}>View all{self.sr(f"{name} articles")}</a>'
            )
        return f'<a href="{href}"{self.c("topic__link")}>View all {escape(name)} articles</a>'

    # --- head ---------------------------------------------------------------------------------
    def document_title(self, title: str) -> str:
        form = self.ch["title_format"]
        if form == "pipe_full":
            return f"{title} | {words.SITE_NAME}"
        if form == "dash_full":
            return f"{title} - {words.SITE_NAME}"
        if form == "pipe_short":
            return f"{title} | {words.SITE_SHORT}"
        return title

    @staticmethod
    def json_ld(data: dict) -> str:
        text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
        return f'<script type="application/ld+json">{text}</script>'

    # --- page ---------------------------------------------------------------------------------
    def page(
        self,
        *,
        title: str,
        head: str,
        main: str,
        banner: str,
        crumbs: list[tuple[str, str | None]] | None = None,
        sidebar: str = "",
        featured: list[tuple[str, str]] | None = None,
        body_class: str = "",
    ) -> str:
        """A whole document around `main` (the content) and `sidebar` (its blocks)."""
        ch = self.ch
        parts = []
        if ch["skip_link"]:
            parts.append(f'<a href="#main-content"{self.c("skip-link")}>Skip to main content</a>')
        cookie = self.cookie_banner()
        if ch["cookie_banner"] == "top":
            parts.append(cookie)
        if ch["print_header"]:
            parts.append(
                f'<div{self.c("print-header", "print-only")} aria-hidden="true">'
                f"{words.SITE_NAME} - local.gov.uk</div>"
            )
        parts.append(self.banner(banner))
        parts.append(self.header(featured or []))
        if crumbs is not None:
            parts.append(self.breadcrumbs(crumbs))
        if sidebar and ch["sidebar"] == "none":  # no sidebar column: its blocks follow the content
            main += self.region("aside", "content__extra", sidebar, label="More information")
        content = self.region("main", "layout__main", main, attrs=' id="main-content"')
        if sidebar and ch["sidebar"] != "none":
            aside = self.region("aside", "layout__sidebar", sidebar, label="Sidebar")
            row = aside + content if ch["sidebar"] == "left" else content + aside
            content = f"<div{self.c('layout__row')}>{row}</div>"
        parts.append(self.wrap(content, ch["wrapper_depth"], "layout"))
        parts.append(self.footer())
        if ch["back_to_top"]:
            parts.append(f'<p{self.c("back-to-top")}><a href="#top">Back to top</a></p>')
        if ch["cookie_banner"] == "bottom":
            parts.append(cookie)
        body = "\n".join(p for p in parts if p)
        body_attr = f' class="{body_class}"' if body_class and ch["class_style"] != "none" else ""
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="en-GB"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(self.document_title(title))}</title>\n{head}\n"
            f'<link rel="icon" href="/favicon.ico"></head>\n<body id="top"{body_attr}>\n'
            f"{body}\n</body></html>"
        )

    def cookie_banner(self) -> str:
        ch = self.ch
        if ch["cookie_banner"] == "none":
            return ""
        text = f"<p{self.c('cookie-banner__text')}>{escape(words.COOKIE_TEXT)}</p>"
        heading = self.heading(words.COOKIE_HEADING, "cookie-banner__heading")
        accept = f'<button type="button"{self.c("cookie-banner__accept")}>Accept additional cookies</button>'
        if ch["cookie_form"] == "buttons":
            buttons = (
                accept
                + f'<button type="button"{self.c("cookie-banner__reject")}>Reject additional cookies</button>'
                + f'<a href="/cookies"{self.c("cookie-banner__link")}>View cookies</a>'
            )
            return self.region(
                "section", "cookie-banner", heading + text + buttons, label="Cookie banner"
            )
        if ch["cookie_form"] == "accept_and_link":
            buttons = (
                accept + f'<a href="/cookies"{self.c("cookie-banner__link")}>Cookie settings</a>'
            )
            return f"<div{self.c('cookie-banner')} data-nosnippet>{text}{buttons}</div>"
        buttons = (
            f'<button type="button"{self.c("cookie-dialog__accept")}>Accept all</button>'
            f'<button type="button"{self.c("cookie-dialog__reject")}>Reject all</button>'
            f'<button type="button"{self.c("cookie-dialog__settings")}>Manage preferences</button>'
        )
        return (
            f'<div{self.c("cookie-dialog")} role="dialog" aria-modal="true" '
            f'aria-labelledby="cookie-title"><div id="cookie-title">{escape(words.COOKIE_HEADING)}'
            f"</div>{text}{buttons}</div>"
        )

    def banner(self, text: str) -> str:
        form = self.ch["banner"]
        if form == "none" or not text:
            return ""
        if form == "strip":
            return f"<div{self.c('site-banner')}><p>{escape(text)}</p></div>"
        if form == "link":
            return (
                f'<div{self.c("site-banner")}><a href="/white-paper"{self.c("site-banner__link")}>'
                f"{escape(text)}</a></div>"
            )
        return (
            f'<div{self.c("alert", "alert--info")} role="region" aria-label="Announcement">'
            f"<div{self.c('alert__body')}><p>{self.sr('Important: ')}{escape(text)}</p></div>"
            f'<button type="button"{self.c("alert__dismiss")} aria-label="Dismiss">'
            f'<svg aria-hidden="true" width="12" height="12"><path d="M0 0L12 12M12 0L0 12"/></svg>'
            "</button></div>"
        )

    def header(self, featured: list[tuple[str, str]]) -> str:
        ch = self.ch
        logo = {
            "image_link": f'<a href="/"{self.c("header__logo")} rel="home"><img src="/themes/lga/logo.svg" alt="{words.SITE_NAME}" width="180" height="60"></a>',
            "text_link": f'<a href="/"{self.c("header__logo")} rel="home">{words.SITE_NAME}</a>',
            "name_div": f'<div{self.c("header__site-name")}><a href="/" rel="home">{words.SITE_NAME}</a></div>',
            "name_h1": f'<h1{self.c("header__site-name")}><a href="/" rel="home">{words.SITE_NAME}</a></h1>',
            "svg_sr": f'<a href="/"{self.c("header__logo")} rel="home"><svg aria-hidden="true" focusable="false" width="180" height="60"><use href="#logo"></use></svg>{self.sr(words.SITE_NAME)}</a>',
        }[ch["logo"]]
        parts = [logo]
        if ch["header_search"]:
            parts.append(
                f'<form action="/search" method="get" role="search"{self.c("header__search")}>'
                f'<label for="site-search"{self.c("header__search-label", ch["sr_class"])}>Search this site</label>'
                '<input type="search" id="site-search" name="keys">'
                f'<button type="submit"{self.c("header__search-button")}>Search</button></form>'
            )
        nav = self.main_nav(featured)
        if nav:
            parts.append(nav)
        return self.region("header", "header", "".join(parts))

    def main_nav(self, featured: list[tuple[str, str]]) -> str:
        form = self.ch["main_nav"]
        if form == "none" and not featured:
            return ""
        items = []
        if form == "simple":
            items = [
                f'<li{self.c("nav__item")}><a href="{h}">{escape(t)}</a></li>'
                for h, t in words.NAV_LINKS
            ]
        elif form == "mega":
            for name, links in words.MEGA_MENU.items():
                sub = "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in links)
                items.append(
                    f'<li{self.c("mega__item")}><button type="button" aria-expanded="false">'
                    f"{escape(name)}</button><div{self.c('mega__panel')}><ul>{sub}</ul></div></li>"
                )
        if featured:
            picks = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in featured)
            items.append(
                f"<li{self.c('nav__featured')}><span>Featured:</span><ul>{picks}</ul></li>"
            )
        return self.region(
            "nav", "nav", f"<ul{self.c('nav__list')}>{''.join(items)}</ul>", label="Main"
        )

    def breadcrumbs(self, crumbs: list[tuple[str, str | None]]) -> str:
        """(text, href) crumbs, the last (href None) the current page."""
        if not crumbs:
            return ""
        if self.ch["breadcrumb_form"] == "ol":
            items = []
            for text, href in crumbs:
                if href is None:
                    items.append(
                        f'<li{self.c("breadcrumb__item")} aria-current="page">{escape(text)}</li>'
                    )
                else:
                    items.append(
                        f'<li{self.c("breadcrumb__item")}><a href="{href}">{escape(text)}</a></li>'
                    )
            inner = f"<ol{self.c('breadcrumb__list')}>{''.join(items)}</ol>"
        else:
            links = []
            for text, href in crumbs:
                if href is None:
                    links.append(f'<span aria-current="page">{escape(text)}</span>')
                else:
                    links.append(f'<a href="{href}">{escape(text)}</a>')
            sep = f' <span{self.c("breadcrumb__sep")} aria-hidden="true">\u203a</span> '
            inner = sep.join(links)
        return self.region("nav", "breadcrumb", inner, label="Breadcrumb")

    def footer(self) -> str:
        ch = self.ch
        legal = "".join(
            f'<li{self.c("footer__legal-item")}><a href="{h}">{escape(t)}</a></li>'
            for h, t in words.LEGAL_LINKS
        )
        parts = []
        if ch["newsletter"] == "footer":
            parts.append(self.newsletter())
        if ch["footer"] != "small":
            columns = words.FOOTER_COLUMNS if ch["footer"] == "mega" else words.FOOTER_COLUMNS[:2]
            cols = []
            for name, links in columns:
                lis = "".join(f"<li>{self.link(h, t, 'footer__link')}</li>" for h, t in links)
                cols.append(
                    f"<div{self.c('footer__column')}>{self.heading(name, 'footer__heading')}"
                    f"<ul>{lis}</ul></div>"
                )
            parts.append(f"<div{self.c('footer__columns')}>{''.join(cols)}</div>")
        if ch["footer"] == "mega":
            parts.append(
                f"<address{self.c('footer__address')}>{escape(words.ADDRESS)}<br>"
                f'Telephone <a href="tel:+442076643000">{words.PHONE}</a><br>'
                f'Email <a href="mailto:{words.EMAIL}">{words.EMAIL}</a></address>'
                f"<p{self.c('footer__company')}>Company number 11177145. Registered charity "
                "number 1067123.</p>"
            )
        parts.append(f"<ul{self.c('footer__legal')}>{legal}</ul>")
        parts.append(f"<p{self.c('footer__copyright')}>{escape(words.COPYRIGHT)}</p>")
        return self.region("footer", "footer", "".join(parts))

    # --- blocks shared by several pages ---------------------------------------------------------
    def newsletter(self) -> str:
        return (
            f"<div{self.c('newsletter')}>{self.heading(words.NEWSLETTER_HEADING, 'newsletter__heading')}"
            f"<p>{escape(words.NEWSLETTER_TEXT)}</p>"
            f'<form action="/newsletter/subscribe" method="post"{self.c("newsletter__form")}>'
            '<label for="newsletter-email">Email address</label>'
            '<input type="email" id="newsletter-email" name="email" autocomplete="email">'
            f'<button type="submit"{self.c("newsletter__button")}>Subscribe</button></form></div>'
        )

    def popular(self) -> str:
        items = "".join(f'<li><a href="{h}">{escape(t)}</a></li>' for h, t in words.POPULAR_LINKS)
        return (
            f"<div{self.c('popular')}>{self.heading('Most popular', 'popular__heading')}"
            f"<ol>{items}</ol></div>"
        )

    def contact(self, heading: str) -> str:
        return (
            f"<div{self.c('contact')}>{self.heading(heading, 'contact__heading')}"
            f"<p>{escape(words.ADDRESS)}</p>"
            f'<p>Telephone: <a href="tel:+442076643000">{words.PHONE}</a></p>'
            f'<p>Email: <a href="mailto:{words.EMAIL}">{words.EMAIL}</a></p></div>'
        )

    def share(self, url: str, title: str) -> str:
        """The share bar: intent links with the page's URL (tracked) and a copy-link button."""
        ch = self.ch
        tracked = f"{url}?utm_source=share&utm_medium=social"
        links = []
        for name, pattern in SHARE_TARGETS:
            href = pattern.format(url=quote(tracked, safe=""), text=quote(title, safe=""))
            links.append((name, href))
        links.append(("email", f"mailto:?subject={quote(title)}&body={quote(url, safe='')}"))
        items = []
        for name, href in links:
            label = "Share by email" if name == "email" else f"Share on {name}"
            if ch["share_items"] == "text":
                inner = escape(label)
            elif ch["share_items"] == "short":
                inner = "Email" if name == "email" else escape(name)
            else:
                inner = (
                    f'<svg aria-hidden="true" focusable="false" width="24" height="24">'
                    f'<use href="#icon-{name.lower()}"></use></svg>{self.sr(label)}'
                )
            extra = "" if name == "email" else ' target="_blank" rel="noopener"'
            items.append(
                f'<li{self.c("share__item")}><a href="{escape(href)}"{extra}>{inner}</a></li>'
            )
        if ch["copy_link"]:
            items.append(
                f'<li{self.c("share__item")}><button type="button" data-copy="{escape(url)}">'
                "Copy link</button></li>"
            )
        heading = self.heading(words.SHARE_HEADINGS[self.seed % 2], "share__heading")
        return (
            f"<div{self.c('share')}>{heading}<ul{self.c('share__list')}>{''.join(items)}</ul></div>"
        )
