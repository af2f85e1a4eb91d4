"""The page around the content (banner, menu, footer) and the layout helpers every part uses.

`Kit` turns the seed's page-wide choices into small helpers: the class attribute of a role, the
element a landmark becomes (HTML5 sectioning only when the wrapper is semantic), a vertical
stack of parts and a two-column layout (table rows and cells when the wrapper is tables).
"""

from __future__ import annotations

import hashlib

from casecrawl.testbed.markups.random.choices import Choices
from casecrawl.testbed.views import escape

MENU = (("/", "Home"), ("/topics", "Topics"), ("/case-studies", "Case studies"),
        ("/publications", "Publications"), ("/about", "About us"))  # fmt: skip
SEMANTIC_NAMESPACES = ("case-study", "lgacs", "story", "entry")
SECTIONING = ("main", "article", "section", "header", "footer", "nav", "aside")


class Kit:
    """Helpers shared by the listing, detail and not-found pages of one seed's template."""

    def __init__(self, choices: Choices):
        self.c = choices
        self.namespace = SEMANTIC_NAMESPACES[choices.seed % len(SEMANTIC_NAMESPACES)]

    # --- class names ----------------------------------------------------------------------------
    def cls(self, role: str) -> str:
        """The class attribute of an element playing `role` (with its leading space), or ''."""
        if self.c.classes == "none":
            return ""
        if self.c.classes == "semantic":
            return f' class="{self.namespace}__{role}"'
        digest = hashlib.sha1(f"{self.c.seed}:{role}".encode()).hexdigest()
        return f' class="x{digest[:5]}"'

    # --- elements and layout --------------------------------------------------------------------
    def el(self, kind: str, role: str, inner: str, attrs: str = "") -> str:
        """A landmark of `kind` (main, article, section, ...): that element when semantic, else a div."""
        tag = kind if self.c.wrapper == "semantic" and kind in SECTIONING else "div"
        return f"<{tag}{self.cls(role)}{attrs}>{inner}</{tag}>"

    def stack(self, kind: str, role: str, parts: list[str]) -> str:
        """Parts one above the other: table rows when the wrapper is tables."""
        parts = [p for p in parts if p]
        if self.c.wrapper == "tables":
            rows = "".join(f"<tr><td>{p}</td></tr>\n" for p in parts)
            return f'<table{self.cls(role)} width="100%" cellpadding="0" cellspacing="0"><tbody>\n{rows}</tbody></table>'
        return self.el(kind, role, "\n" + "\n".join(parts) + "\n")

    def columns(self, role: str, left: str, right: str) -> str:
        """Two columns side by side, `left` first in the source."""
        if self.c.wrapper == "tables":
            return (
                f'<table{self.cls(role)} width="100%"><tbody><tr><td valign="top" width="30%">{left}</td>'
                f'<td valign="top">{right}</td></tr></tbody></table>'
            )
        return f"<div{self.cls(role)}>\n{left}\n{right}\n</div>"

    def small_heading(self, role: str, text: str) -> str:
        """The heading of a side block (related content, topics)."""
        tag = self.c.side_heading_tag
        return f"<{tag}{self.cls(role)}>{escape(text)}</{tag}>"

    def link(self, href: str, text_html: str, role: str = "") -> str:
        return f'<a href="{escape(href)}"{self.cls(role) if role else ""}>{text_html}</a>'

    # --- the page -------------------------------------------------------------------------------
    def page(
        self, title: str, banner: str, content: str, picks: list[tuple[str, str]], head: str = ""
    ) -> str:
        """A whole document: head, banner, menu, content, footer."""
        banner_html = self._banner(banner)
        top = [banner_html] if self.c.banner_position == "top" else []
        after_menu = [banner_html] if self.c.banner_position == "after_menu" else []
        brand = f'<div{self.cls("brand")}><a href="/">Local Government Association</a></div>'
        masthead = self.el("header", "masthead", brand + "\n" + self._menu(picks))
        main = self.el("main", "main", content)
        parts = [*top, masthead, *after_menu, main, self._footer()]
        if self.c.wrapper == "tables":
            body = self.stack("div", "layout", parts)
        else:
            body = "\n".join(parts)
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}{escape(self.c.title_suffix)}</title>
{head}</head>
<body>
{body}
</body></html>"""

    def _banner(self, banner: str) -> str:
        tag = self.c.banner_tag
        return f"<{tag}{self.cls('banner')}>{escape(banner)}</{tag}>"

    def _menu(self, picks: list[tuple[str, str]]) -> str:
        if self.c.wrapper == "semantic":
            items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in MENU)
            links = f"<ul>{items}</ul>"
        else:
            links = " | ".join(f'<a href="{h}">{t}</a>' for h, t in MENU)
        extra = ""
        if self.c.menu_picks != "none" and picks:
            label = "Featured:" if self.c.menu_picks == "featured" else "Popular case studies"
            items = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in picks)
            extra = f"<div{self.cls('menu-picks')}><span>{label}</span><ul>{items}</ul></div>"
        return self.el("nav", "menu", links + extra, ' aria-label="Main menu"')

    def _footer(self) -> str:
        links = '<a href="/contact">Contact the LGA</a> | <a href="/privacy">Privacy</a> | <a href="/accessibility">Accessibility</a>'
        inner = f"<div>{links}</div><div>Local Government Association, 18 Smith Square, London SW1P 3HZ</div>"
        return self.el("footer", "footer", inner)
