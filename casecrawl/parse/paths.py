"""Element paths: where an element stands on a page, generalised over many pages of one site.

A path is an element's tag and classes, then its parent's, and so on up a few levels
(`article.node > div.node__header > h1.page-title`). Learned from examples on several pages,
a path keeps only the classes the examples share, so what changes from page to page
(`node-123`, `views-row-3`, `odd`) falls away, and as few levels as it needs to pick the
right element on (nearly) every page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

MAX_DEPTH = 6  # levels a path may climb: enough for the landmark around a field
MAJORITY = 0.6  # a class kept by the 'usual' reading of a path is on this share of examples
MAX_EXAMPLES = 60  # pages whose examples propose paths (every page still scores them)

Level = tuple[str, frozenset]  # (tag, classes and '#id')
EXACT = "="  # in a level's names: the element has these classes and no others


def _level_matches(names: frozenset, have: frozenset) -> bool:
    if EXACT not in names:
        return names <= have
    classes = {n for n in names if n != EXACT and not n.startswith("#")}
    ids = {n for n in names if n.startswith("#")}
    return classes == {n for n in have if not n.startswith("#")} and ids <= have


def element_tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def element_level(element) -> Level:
    """One element as a path sees it: its tag, its classes and its id (as '#id')."""
    return _level(element_tag(element), element.get("class"), element.get("id"))


@lru_cache(maxsize=1 << 14)
def _level(tag: str, classes: str | None, ident: str | None) -> Level:
    # A site repeats the same few tags and classes on every page: each level is built once.
    names = set((classes or "").split())
    if ident:
        names.add("#" + ident)
    return tag, frozenset(names)


# Classes that change from row to row of a list (views-row-3, odd, last): no path keeps them.
ROW_CLASS_TOKEN = re.compile(r"(^|[-_])(odd|even|first|last|active)$|\d")
# Of those, the ones that are words: a numbered class may also be a stable utility ('p-6').
ROW_WORD = re.compile(r"(^|[-_])(odd|even|first|last|active)$")


@lru_cache(maxsize=1 << 14)
def stable_level(level: Level, numbered: bool = True) -> Level:
    """A level less its row classes (`numbered`: and any class with a digit in it)."""
    tag, names = level
    varying = ROW_CLASS_TOKEN if numbered else ROW_WORD
    return tag, frozenset(n for n in names if not varying.search(n))


FULL_DEPTH = 16  # the longest chain asked for (a body's place)


def element_chain(element, depth: int = MAX_DEPTH, memo: dict | None = None) -> tuple[Level, ...]:
    """The element's level, then its ancestors' up to `depth` levels (body and html excluded).
    With `memo` (one page's), each element's chain is built once, from its parent's."""
    if memo is not None and depth <= FULL_DEPTH:
        return _memo_chain(element, memo)[:depth]
    chain = []
    for node in (element, *element.iterancestors()):
        if element_tag(node) in ("body", "html"):
            break
        chain.append(element_level(node))
        if len(chain) == depth:
            break
    return tuple(chain)


@dataclass(frozen=True)
class ElementPath:
    """Tags and required classes from an element upwards; an element matches when its own
    chain has these tags and at least these classes, level by level."""

    levels: tuple[Level, ...]

    def matches(self, chain: tuple[Level, ...]) -> bool:
        if len(chain) < len(self.levels):
            return False
        return all(
            tag == have_tag and _level_matches(names, have_names)
            for (tag, names), (have_tag, have_names) in zip(self.levels, chain, strict=False)
        )

    @property
    def css(self) -> str:
        """The path as a CSS-like selector, outermost first: 'main > article > h1.title'."""
        parts = []
        for tag, names in reversed(self.levels):
            ids = sorted(n for n in names if n.startswith("#"))
            classes = sorted(n for n in names if not n.startswith("#") and n != EXACT)
            exact = ":not([class])" if EXACT in names and not classes else ""
            exact = exact or (":only-these-classes" if EXACT in names else "")
            parts.append(tag + "".join(ids) + "".join("." + c for c in classes) + exact)
        return " > ".join(parts)

    def to_json(self) -> list:
        return [[tag, sorted(names)] for tag, names in self.levels]

    @classmethod
    def from_json(cls, data: list) -> ElementPath:
        return cls(tuple((tag, frozenset(names)) for tag, names in data))


@dataclass
class Example:
    """One sample page for one field: the elements to choose among, and the right ones.

    A page that `shows` no such field should have nothing picked; one that shows it but
    where no element is known to be right counts against every path."""

    candidates: list
    right: list
    chains: dict  # element -> its chain (shared across fields of one page)
    shows: bool = True


@dataclass
class PathChoice:
    """A learned path, how it picks ('only': the one element it matches; 'first': the
    first of several), and on how many sample pages it picked the right element."""

    path: ElementPath
    pick: str
    hits: int
    pages: int

    @property
    def agreement(self) -> float:
        return self.hits / self.pages if self.pages else 0.0

    def select(self, candidates: list, chains: dict) -> list:
        """What the path picks among a page's candidates: [] or [element]; 'only' picks
        nothing when it matches more than one (the page is not as the sample was)."""
        found = [e for e in candidates if self.path.matches(chains[e])]
        if self.pick == "first" or len(found) <= 1:
            return found[:1]
        return []

    def to_json(self) -> dict:
        return {
            "path": self.path.css,
            "levels": self.path.to_json(),
            "pick": self.pick,
            "sample_agreement": round(self.agreement, 4),
            "sample_pages": self.pages,
        }

    @classmethod
    def from_json(cls, data: dict) -> PathChoice:
        pages = data["sample_pages"]
        hits = round(data["sample_agreement"] * pages)
        return cls(ElementPath.from_json(data["levels"]), data["pick"], hits, pages)


def _memo_chain(element, memo: dict) -> tuple[Level, ...]:
    found = memo.get(element)
    if found is None:
        if element_tag(element) in ("body", "html"):
            found = ()
        else:
            parent = element.getparent()
            above = _memo_chain(parent, memo) if parent is not None else ()
            found = (element_level(element), *above[: FULL_DEPTH - 1])
        memo[element] = found  # the key keeps lxml's proxy, and so its identity, alive
    return found


def chains_of(elements, memo: dict | None = None) -> dict:
    """Each element's chain, computed once per page."""
    return {e: element_chain(e, memo=memo) for e in elements}


def propose_paths(examples: list[Example]) -> list[ElementPath]:
    """Paths proposed by the right elements: for each depth, those sharing tags are
    generalised together, keeping the classes all of them share, and (a second
    proposal) the classes most of them share."""
    groups: dict[tuple, list] = defaultdict(list)
    for example in examples[:MAX_EXAMPLES]:
        for element in example.right:
            chain = example.chains[element]
            for depth in range(1, len(chain) + 1):
                groups[tuple(tag for tag, _ in chain[:depth])].append(chain[:depth])
    paths: set[ElementPath] = set()
    for chains in groups.values():
        every = tuple(
            (level[0], frozenset.intersection(*(c[i][1] for c in chains)))
            for i, level in enumerate(chains[0])
        )
        paths.add(ElementPath(every))
        usual = []
        for i, level in enumerate(chains[0]):
            counts: dict[str, int] = defaultdict(int)
            for chain in chains:
                for name in chain[i][1]:
                    counts[name] += 1
            kept = frozenset(n for n, k in counts.items() if k >= MAJORITY * len(chains))
            usual.append((level[0], kept))
        paths.add(ElementPath(tuple(usual)))
        # The element with exactly the classes it usually has, and no more: a bare <p> among
        # classed ones (a summary after a photo credit in the same header).
        first_tag, first_names = usual[0]
        paths.add(ElementPath(((first_tag, first_names | {EXACT}), *usual[1:])))
    return list(paths)


def _score(path: ElementPath, examples: list[Example]) -> dict[str, int]:
    hits = {"only": 0, "first": 0}
    for example in examples:
        found = [e for e in example.candidates if path.matches(example.chains[e])]
        if not example.shows:
            if not found:
                hits["only"] += 1
                hits["first"] += 1
            continue
        if found and found[0] in example.right:
            hits["first"] += 1
            if len(found) == 1:
                hits["only"] += 1
    return hits


def learn_path(examples: list[Example]) -> PathChoice | None:
    """The path that picks the right element on most sample pages (and nothing where the
    page shows none). Ties go to 'only' over 'first', then to the shorter path (it holds on
    more markups), then to the one with more classes (it is less likely to catch chrome)."""
    if not any(example.right for example in examples):
        return None
    best: tuple | None = None
    for path in propose_paths(examples):
        for pick, hits in _score(path, examples).items():
            key = (
                hits,
                pick == "only",
                -len(path.levels),
                not any(EXACT in n for _, n in path.levels),  # exact only where it must be
                sum(len(n - {EXACT}) for _, n in path.levels),
            )
            if best is None or key > best[0]:
                best = (key, PathChoice(path, pick, hits, len(examples)))
    return best[1] if best and best[1].hits else None
