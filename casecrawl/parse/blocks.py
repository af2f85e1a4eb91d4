"""A page as text blocks in reading order, with the structure the parsers need.

Nobody here has seen the live HTML, so the parsers do not look for class names:
they read blocks (paragraphs, headings, list items, runs of loose text) in
document order and rely on the cues in site-notes (h1 title, link URLs, fixed
phrases). Page furniture is recognised by HTML semantics only (nav, aside,
page-level header/footer, ARIA landmarks), never by guessed classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

WHITESPACE = re.compile(r"\s+")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LEAF_BLOCK_TAGS = frozenset(
    {"p", "li", "pre", "dt", "dd", "figcaption", "td", "th", "caption", "option", "label"}
    | HEADING_TAGS
)
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font",
        "i", "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
        "sup", "time", "u", "var", "wbr", "del", "ins", "input", "button",
    }
)  # fmt: skip
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "iframe", "button"}
)
BOLD_TAGS = frozenset({"strong", "b"})


def _skipped(element, tag: str) -> bool:
    """Scripts, styles, forms' buttons...: never text. A button inside a heading is the
    heading's text (an accordion's section titles are buttons)."""
    if tag != "button":
        return tag in SKIPPED_TAGS
    return not any(_tag(a) in HEADING_TAGS for a in element.iterancestors())


FURNITURE_TAGS = frozenset({"nav", "aside"})
CONTENT_TAGS = frozenset({"main", "article"})


@dataclass
class Block:
    """One block of text: its tag, normalised text, links and place in the tree."""

    tag: str
    text: str
    element: etree._Element
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute href, link text)
    bold: bool = False  # every character of the text is inside <strong>/<b>
    furniture: bool = False  # inside nav/aside/page header/footer or an ARIA landmark for them
    index: int = 0
    place: str = ""  # its kind of block (tag and parent), set where pages are compared

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS

    @property
    def list_parent(self) -> etree._Element | None:
        return self.element.getparent() if self.tag == "li" else None


def normalise_text(text: str | None) -> str:
    """Collapse every run of whitespace (non-breaking spaces included) to one space."""
    return WHITESPACE.sub(" ", (text or "").replace("\u00a0", " ")).strip()


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_furniture(element) -> bool:
    """True for page furniture: nav, aside, ARIA landmarks, and header/footer outside content."""
    tag = _tag(element)
    role = (element.get("role") or "").lower()
    if tag in FURNITURE_TAGS or role in ("navigation", "complementary", "search"):
        return True
    if tag in ("header", "footer") or role in ("banner", "contentinfo"):
        # A page header holding an h1 may be the case study's own title area.
        if element.find(".//h1") is not None:
            return False
        return not any(_tag(a) in CONTENT_TAGS for a in element.iterancestors())
    return False


def _is_inline(element) -> bool:
    return _tag(element) in INLINE_TAGS and element.get(GLUED) is None


def _has_block_descendant(element, cache: dict | None = None) -> bool:
    """Whether any descendant is a block element (memoised per page: the walk asks often)."""
    if cache is not None and element in cache:
        return cache[element]
    found = False
    for child in element.iterchildren():
        tag = _tag(child)
        if not tag or _skipped(child, tag):
            continue
        if not _is_inline(child) or _has_block_descendant(child, cache):
            found = True
            break
    if cache is not None:
        cache[element] = found
    return found


GLUED = "data-casecrawl-glued"
GLUE_EXEMPT = frozenset({"br", "img", "wbr", "sup", "sub", "input"})


def _mark_glued(root) -> None:
    """Mark inline elements written back to back with what follows, no space between, as blocks.

    `<strong>Title</strong><span>Summary</span>` or `<strong>Title</strong>Summary` reads
    as one run of words only if the words run together ('TitleSummary'); markup like that
    is styled to show its parts as blocks.
    """
    for element in root.iter():
        if not isinstance(element.tag, str) or _tag(element) not in INLINE_TAGS:
            continue
        if _tag(element) in GLUE_EXEMPT or not _text_of(element):
            continue
        tail = element.tail or ""
        following = element.getnext()
        if tail[:1].isalnum() and not _text_of(element)[-1:].isspace():
            element.set(GLUED, "1")
        elif not tail and following is not None and isinstance(following.tag, str):
            tag = _tag(following)
            if tag in INLINE_TAGS and tag not in GLUE_EXEMPT and _text_of(following):
                element.set(GLUED, "1")
                following.set(GLUED, "1")


def _link_only(part) -> bool:
    """An inline element whose text is all inside one link (`<strong><a>Title</a></strong>`)."""
    if part is None or isinstance(part, str) or not isinstance(part.tag, str):
        return False
    links = [part] if _tag(part) == "a" else list(part.iter("a"))
    return len(links) == 1 and _text_of(links[0]) == _text_of(part) != ""


def _text_of(element) -> str:
    return "".join(element.itertext()).strip(" \t\n")


class _BlockCollector:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.cache: dict = {}  # element -> has a block descendant

    def collect(self, element, furniture: bool) -> None:
        tag = _tag(element)
        if not tag or _skipped(element, tag):
            return
        furniture = furniture or _is_furniture(element)
        if tag in LEAF_BLOCK_TAGS and not _has_block_descendant(element, self.cache):
            self._emit(tag, [element], furniture, element)
            return
        if not _has_block_descendant(element, self.cache):
            self._emit(tag, [element], furniture, element)
            return
        # A container: loose inline content between block children forms its own blocks.
        run: list = []
        if element.text and element.text.strip():
            run.append(element.text)
        for child in element.iterchildren():
            if _is_inline(child) and not _has_block_descendant(child, self.cache):
                previous = run[-1] if run else None
                if _link_only(child) and _link_only(previous) and not (previous.tail or "").strip():
                    # Links side by side with nothing but space between: a list of links.
                    self._emit_run(tag, run, furniture, element)
                    run = []
                run.append(child)
                continue
            self._emit_run(tag, run, furniture, element)
            run = []
            self.collect(child, furniture)
            if child.tail and child.tail.strip():
                run.append(child.tail)
        self._emit_run(tag, run, furniture, element)

    def _emit_run(self, tag, run, furniture, element) -> None:
        if not run:
            return
        elements = [part for part in run if not isinstance(part, str)]
        loose_text = any(isinstance(part, str) and part.strip() for part in run[:1])
        if len(elements) == 1 and not loose_text and not (elements[0].tail or "").strip():
            # One inline element standing alone among blocks: it is the block, not its container.
            only = elements[0]
            self._emit(_tag(only), [only], furniture, only)
            return
        self._emit(tag, run, furniture, element, loose=True)

    def _emit(self, tag, parts, furniture, element, loose: bool = False) -> None:
        texts: list[str] = []
        bold_texts: list[str] = []
        links: list[tuple[str, str]] = []
        for part in parts:
            if isinstance(part, str):
                texts.append(part)
                continue
            self._walk_inline(part, texts, bold_texts, links, in_bold=False)
            if loose and part.tail:
                texts.append(part.tail)
        text = normalise_text("".join(texts))
        if not text:
            return
        if not links:
            # A block inside a link (a whole teaser card made clickable) carries that link.
            card = next(
                (
                    a
                    for a in (element, *element.iterancestors("a"))
                    if _tag(a) == "a" and a.get("href")
                ),
                None,
            )
            if card is not None:
                links.append((urljoin(self.base_url, card.get("href").strip()), text))
        bold = normalise_text("".join(bold_texts)) == text
        self.blocks.append(
            Block(tag, text, element, links, bold, furniture, index=len(self.blocks))
        )

    def _walk_inline(self, element, texts, bold_texts, links, in_bold) -> None:
        tag = _tag(element)
        if not tag or _skipped(element, tag):
            return
        if tag == "br":
            texts.append(" ")
        in_bold = in_bold or tag in BOLD_TAGS
        start = len(texts)
        if element.text:
            texts.append(element.text)
            if in_bold:
                bold_texts.append(element.text)
        for child in element.iterchildren():
            self._walk_inline(child, texts, bold_texts, links, in_bold)
            if child.tail:
                texts.append(child.tail)
                if in_bold:
                    bold_texts.append(child.tail)
        if tag == "a" and element.get("href"):
            href = urljoin(self.base_url, element.get("href").strip())
            links.append((href, normalise_text("".join(texts[start:]))))


def page_blocks(page: str | Selector, url: str) -> list[Block]:
    """Every text block of the page, in document order."""
    selector = page if isinstance(page, Selector) else Selector(text=page)
    root = selector.root
    body = root.find("body") if _tag(root) == "html" else None
    _mark_glued(root)
    collector = _BlockCollector(url)
    collector.collect(body if body is not None else root, furniture=False)
    return collector.blocks


def contains(ancestor, element) -> bool:
    """True when `element` is `ancestor` or lies inside it."""
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def item_root(element, others):
    """The largest ancestor of `element` holding none of `others`: the wrapper of one item
    in a list of look-alike items (a teaser, a related link). The element itself if none."""
    root = element
    for ancestor in element.iterancestors():
        if _tag(ancestor) in ("body", "html") or any(contains(ancestor, o) for o in others):
            break
        root = ancestor
    return root


def common_ancestor(elements: list):
    """The lowest element holding all of `elements` (the sets keep lxml's proxies alive: an
    element's id() is only stable while something refers to it)."""
    chains = [[e, *e.iterancestors()] for e in elements]
    others = [set(chain) for chain in chains[1:]]
    for element in chains[0]:
        if all(element in chain for chain in others):
            return element
    return chains[0][-1]
