"""Find blocks of links to other case studies ('Related', 'See also', ...) by their shape.

A related block is a run of two or more items, each led by a link to another case
study, with at most a few blocks (a summary, a topic label, an image caption)
between one item and the next, and perhaps a heading before the first: whatever the
heading says, or with no heading at all. Its extent comes from the page structure:
the container that holds the items and nothing else, or, when the items stand among
other blocks, the heading before them and as many blocks after the last item as the
items before it carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from casecrawl.parse.blocks import Block, common_ancestor, contains, item_root
from casecrawl.parse.topics import view_all_topic
from casecrawl.urls import case_study_slug, node_id

MAX_DETAILS = 4  # blocks an item may carry after its title link (summary, label, image...)


@dataclass
class RelatedBlock:
    """One block of links to other case studies: where it is and what it says."""

    positions: list[int]  # places in the block list given to find_related_blocks
    heading: str | None
    targets: list[str] = field(default_factory=list)  # slugs or 'node/N', in order


def case_study_target(href: str, base_url: str) -> str | None:
    """'slug' or 'node/N' when the link points at a case study on the crawled site."""
    slug = case_study_slug(href, base_url)
    if slug:
        return slug
    nid = node_id(href, base_url)
    return f"node/{nid}" if nid is not None else None


def leading_target(block: Block, base_url: str) -> str | None:
    """The case study a block leads with: its text starts with a link to it."""
    for href, text in block.links:
        if not text:
            continue  # an image link before the title link
        target = case_study_target(href, base_url)
        if target and block.text.startswith(text) and len(text) >= 3:
            return target
        return None
    return None


def find_related_blocks(
    blocks: list[Block], own_slug: str | None, base_url: str
) -> list[RelatedBlock]:
    """Every related block among `blocks` (content blocks in reading order)."""
    targets = [leading_target(block, base_url) for block in blocks]
    leads = [(i, t) for i, t in enumerate(targets) if t and t != own_slug]
    # A heading (or a bold line standing as one) that leads no item ends a run; so does the title.
    breaks = [
        i
        for i, b in enumerate(blocks)
        if (b.is_heading or (b.bold and _is_heading_line(b))) and not targets[i]
    ]
    runs: list[list[tuple[int, str]]] = []
    for i, target in leads:
        if runs and _joins(runs[-1], i, target, breaks):
            runs[-1].append((i, target))
        else:
            runs.append([(i, target)])
    found = []
    for run in runs:
        items, targets = _items(run)
        if len(items) >= 2 or _single_item_under_heading(blocks, items[0]):
            found.append(_extent(blocks, items, targets, breaks))
    return found


def _joins(run: list[tuple[int, str]], current: int, target: str, breaks: list[int]) -> bool:
    """A lead joins the run before it when close enough, with no heading between, and it is
    not a case study the run already listed (a menu and a related block side by side)."""
    previous, previous_target = run[-1]
    if target != previous_target and any(t == target for _, t in run):
        return False
    return current - previous <= MAX_DETAILS + 1 and not any(previous < b < current for b in breaks)


def _items(run: list[tuple[int, str]]) -> tuple[list[list[int]], list[str]]:
    """Positions of each item's lead blocks: consecutive leads to one case study are one item."""
    items: list[list[int]] = []
    targets: list[str] = []
    for i, target in run:
        if targets and targets[-1] == target:
            items[-1].append(i)
        else:
            items.append([i])
            targets.append(target)
    return items, targets


def _extent(
    blocks: list[Block], items: list[list[int]], targets: list[str], breaks: list[int]
) -> RelatedBlock:
    first = items[0][0]
    leads = [blocks[item[0]].element for item in items]
    container = common_ancestor(leads)
    inside = [i for i, b in enumerate(blocks) if contains(container, b.element)]
    before = [i for i in inside if i < first]
    tail = _tail_end(blocks, items, leads, breaks)
    after = [i for i in inside if i > items[-1][-1]]
    most = max(
        (nxt[0] - cur[-1] - 1 for cur, nxt in zip(items, items[1:], strict=False)), default=0
    )
    if len(before) <= 1 and all(_is_heading_line(blocks[i]) for i in before):
        # A container of its own: all it holds belongs to the block, unless more follows the
        # last item than an item carries (the body goes on in it): then up to the item's end.
        positions = inside if len(after) <= most + 2 else [i for i in inside if i <= tail]
        positions = sorted(set(positions) | set(range(first, tail + 1)))
    else:
        positions = list(range(first, tail + 1))
    start = positions[0]
    heading = None
    if _is_heading_line(blocks[start]):
        heading = blocks[start].text
    elif start > 0 and _heads(blocks[start - 1], container):
        heading = blocks[start - 1].text
        positions = [start - 1, *positions]
    return RelatedBlock(positions=positions, heading=heading, targets=targets)


def _tail_end(blocks: list[Block], items: list[list[int]], leads: list, breaks: list[int]) -> int:
    """Where the last item ends: the end of its wrapper; or, items standing loose, after the
    blocks that follow its title and look like what the other items carry (a summary, a topic
    label), no more of them than an item carried, and never past a heading or the container."""
    last = items[-1][-1]
    if len(leads) == 1:
        # One link under a heading: its details are what follows it in its own container.
        parent = leads[0].getparent()
        stop = min((b for b in breaks if b > last), default=len(blocks))
        end = last
        for i in range(last + 1, min(last + MAX_DETAILS + 1, stop)):
            if parent is None or not contains(parent, blocks[i].element):
                break
            end = i
        return end
    root = item_root(leads[-1], leads[:-1])
    if root is not leads[-1]:
        return max(i for i in range(last, len(blocks)) if contains(root, blocks[i].element))
    gaps = [range(cur[-1] + 1, nxt[0]) for cur, nxt in zip(items, items[1:], strict=False)]
    most = max((len(g) for g in gaps), default=MAX_DETAILS)
    # Any item may carry a topic label ('View all ... articles'), whether the others did or not.
    kinds = {_kind(blocks[i]) for g in gaps for i in g} | {("*", True)}
    container = common_ancestor(leads)
    stop = min((b for b in breaks if b > last), default=len(blocks))
    end = last
    for i in range(last + 1, min(last + most + 2, stop)):
        block = blocks[i]
        label = bool(view_all_topic(block.text))
        if not contains(container, block.element) or (i > last + most and not label):
            break
        if gaps and not label and _kind(block) not in kinds:
            break
        end = i
    return end


def _kind(block: Block) -> tuple[str, bool]:
    """What an item's detail is, for comparing items: its tag, and whether it is a short label."""
    return block.tag, bool(view_all_topic(block.text)) or _is_heading_line(block)


def _single_item_under_heading(blocks: list[Block], item: list[int]) -> bool:
    """One item alone is a related block when a heading stands over it and it is just a link."""
    lead = blocks[item[0]]
    link_text = next((text for _, text in lead.links if text), "")
    return (
        item[0] > 0
        and _is_heading_line(blocks[item[0] - 1])
        and len(link_text) >= 0.8 * len(lead.text)
    )


def _heads(block: Block, container) -> bool:
    """A heading line standing over the container of the items, not inside another block."""
    parent = block.element.getparent()
    return parent is not None and contains(parent, container) and _is_heading_line(block)


def _is_heading_line(block: Block) -> bool:
    """A heading, or a short line written as one: no links, no sentence ending."""
    if block.is_heading:
        return True
    short = len(block.text) <= 60 and not block.links and not block.tag == "li"
    return short and (block.bold or not block.text.endswith((".", "!", "?", ",", ";")))
