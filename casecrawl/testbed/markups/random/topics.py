"""Topic labels: "View all <Topic> articles" links on new pages, bare names on old ones."""

from __future__ import annotations

from casecrawl.testbed.markups.random.page import Kit
from casecrawl.testbed.site import topic_path
from casecrawl.testbed.views import escape


def topic_link(kit: Kit, tid: int, name: str) -> str:
    """A new-style label, spelt as the seed spells it."""
    spelling, name = kit.c.topic_link_spelling, escape(name)
    if spelling == "View all<span>X articles</span>":
        text = f"View all<span{kit.cls('hidden')}>{name} articles</span>"
    elif spelling == "View all <span>X</span> articles":
        text = f"View all <span{kit.cls('hidden')}>{name}</span> articles"
    else:
        text = f"View all {name} articles"
    return f'<a href="{topic_path(tid)}"{kit.cls("topic-link")}>{text}</a>'


def label(kit: Kit, case, index: int = 0) -> str:
    """One topic of `case` as the case shows it: a link, or the bare (escaped) name when old."""
    tid, name = case.topic_ids[index], case.topics[index]
    return escape(name) if case.old_style else topic_link(kit, tid, name)


def topics_group(kit: Kit, case) -> str:
    """Every topic of the case (topic, then sub-topic) in the seed's arrangement; '' if none."""
    if not case.topic_ids:
        return ""
    labels = [label(kit, case, i) for i in range(len(case.topic_ids))]
    role = "topic"
    if case.old_style:
        form = kit.c.old_topics_form
        if form == "blocks":
            return "".join(f"<div{kit.cls(role)}>{x}</div>" for x in labels)
        if form == "spans":
            return (
                f"<div{kit.cls('topics')}>"
                + " ".join(f"<span>{x}</span>" for x in labels)
                + "</div>"
            )
        return f"<div{kit.cls('topics')}>{', '.join(labels)}</div>"
    arrangement = kit.c.topics_arrangement
    if arrangement == "blocks":
        return "".join(f"<div{kit.cls(role)}>{x}</div>" for x in labels)
    if arrangement == "inline_space":
        return f"<div{kit.cls('topics')}>{' '.join(labels)}</div>"
    if arrangement == "inline_comma":
        return f"<p{kit.cls('topics')}>{', '.join(labels)}</p>"
    return f"<ul{kit.cls('topics')}>" + "".join(f"<li>{x}</li>" for x in labels) + "</ul>"


def topics_inline(kit: Kit, case) -> str:
    """Every topic of the case on one line, comma-separated (inside a metadata value)."""
    return ", ".join(label(kit, case, i) for i in range(len(case.topic_ids)))
