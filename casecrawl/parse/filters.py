"""The listing's filter form: every topic and support type with its ID, and its parent.

Cues (site-notes): a topic filter option is `topic[ID]=ID`, a support type `subject[ID]=ID`,
whatever the widget: a checkbox (`name="topic[ID]"`), an option of a `<select name="topic">`,
or a facet link to `/case-studies?topic%5BID%5D=ID`. The name is the option's own text (its
label, its `<option>` text, its link text). A sub-topic's parent is read from the form's
nesting: an option inside another option's list item, under an `<optgroup>` named after
another option, or indented with leading dashes after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from casecrawl.parse.blocks import normalise_text

KINDS = {"topic": "topic", "subject": "support_type"}
BRACKETED = re.compile(r"^(topic|subject)\[(\d+)\]$")
INDENT = re.compile(r"^([-–—\u00a0\s]+)")
LISTING_PATH = re.compile(r"^/case-studies/?$")
RESIDUE = re.compile(r"^\s*view all\s*|\s*articles\s*$", re.IGNORECASE)
NOT_WORD = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """'Culture & Tourism', 'View all culture and tourism articles' -> 'culture and tourism'."""
    text = RESIDUE.sub("", name or "").casefold().replace("&", " and ")
    return " ".join(NOT_WORD.sub(" ", text).split())


def ids_by_name(options, kind: str) -> dict[str, int]:
    """name_key -> ID of the filter options of one kind ("topic", "support_type")."""
    return {name_key(o.name): o.id for o in options if o.kind == kind}


@dataclass(frozen=True)
class FilterOption:
    """One option of the filter form."""

    kind: str  # "topic" or "support_type"
    id: int
    name: str
    parent_id: int | None = None


def filter_options(page: str | Selector, url: str) -> list[FilterOption]:
    """Every topic and support-type option of the page's filter form, in form order, once."""
    selector = page if isinstance(page, Selector) else Selector(text=page)
    found: dict[tuple[str, int], FilterOption] = {}
    elements: dict[tuple[str, int], object] = {}
    for element in selector.root.iter("input", "option", "a"):
        option = _option(element, url)
        if option is None or (option[0], option[1]) in found:
            continue
        kind, number, name = option
        if not name or name.startswith("- All"):
            continue
        found[(kind, number)] = FilterOption(kind, number, name)
        elements[(kind, number)] = element
    parents = _parents(found, elements)
    return [FilterOption(o.kind, o.id, o.name, parents.get((o.kind, o.id))) for o in found.values()]


def _option(element, url: str) -> tuple[str, int, str] | None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "input":
        name = element.get("name") or ""
        match = BRACKETED.match(name)
        if match:
            return KINDS[match[1]], int(match[2]), _label_text(element)
        # A radio button or a multi-value checkbox: name="topic" (or "topic[]"), value=ID.
        kind, value = name.removesuffix("[]"), element.get("value") or ""
        if kind in KINDS and value.isdigit():
            return KINDS[kind], int(value), _label_text(element)
        return None
    if tag == "option":
        select = next(element.iterancestors("select"), None)
        name = (select.get("name") or "") if select is not None else ""
        kind = name.split("[")[0]
        value = element.get("value") or ""
        if kind not in KINDS or not value.isdigit():
            return None
        text = INDENT.sub("", normalise_text(element.xpath("string()")))
        return KINDS[kind], int(value), text
    if tag == "a" and element.get("href"):
        parts = urlsplit(urljoin(url, element.get("href")))
        if not LISTING_PATH.match(parts.path):
            return None
        params = [BRACKETED.match(k) for k, _ in parse_qsl(parts.query)]
        params = [p for p in params if p]
        if len(params) != 1:
            return None
        return KINDS[params[0][1]], int(params[0][2]), normalise_text(element.xpath("string()"))
    return None


def _label_text(element) -> str:
    """A checkbox's name: the label around it, or the label `for` its id."""
    label = next(element.iterancestors("label"), None)
    if label is None and element.get("id"):
        root = element.getroottree().getroot()
        label = next(iter(root.xpath("//label[@for=$id]", id=element.get("id"))), None)
    return normalise_text(label.xpath("string()")) if label is not None else ""


def _parents(found: dict, elements: dict) -> dict[tuple[str, int], int]:
    """A sub-topic's parent from the form's nesting (list items, optgroups, indentation)."""
    by_name = {(o.kind, o.name.casefold()): key for key, o in found.items()}
    item_of = {}
    for key, element in elements.items():
        item = next(element.iterancestors("li"), None)
        if item is not None:
            item_of[item] = key
    parents: dict[tuple[str, int], int] = {}
    last_at_depth: dict[tuple[str, int], tuple[str, int]] = {}
    for key, element in elements.items():
        tag = element.tag.lower()
        if tag == "option":
            group = next(element.iterancestors("optgroup"), None)
            if group is not None:
                parent = by_name.get((key[0], normalise_text(group.get("label")).casefold()))
                if parent and parent != key:
                    parents[key] = parent[1]
                continue
            lead = INDENT.match(element.xpath("string()"))
            depth = sum(ch in "-–—\u00a0" for ch in lead.group(1)) if lead else 0
            last_at_depth[(key[0], depth)] = key
            shallower = [d for (k, d) in last_at_depth if k == key[0] and d < depth]
            if depth and shallower:
                parents[key] = last_at_depth[(key[0], max(shallower))][1]
            continue
        items = list(element.iterancestors("li"))
        for outer in items[1:]:
            if outer in item_of and item_of[outer] != key:
                parents[key] = item_of[outer][1]
                break
    return parents
