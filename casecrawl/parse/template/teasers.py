"""The listing's teasers told apart against the case-study pages they lead to.

A teaser is a few blocks (an eyebrow, a date, the title, the summary, a topic label, a
'Read more' link), in markup the listing parser can only guess at. On the learning sample,
each block's path inside its teaser is given the role its text plays on the case study's
own page: the title is a heading of the page, the summary a block of the page (the teaser's
perhaps cut short), a date a date, a topic label a topic; anything else (an eyebrow, 'Read
more', a thumbnail's caption) plays none. Every teaser is then read by those roles: what
the listing says of each case study, as the cross-checks compare it with the page.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from casecrawl.parse.dates import DATE_IN_TEXT, find_date, parse_date
from casecrawl.parse.paths import ElementPath
from casecrawl.parse.template.page import TemplatePage, same_text, summary_matches
from casecrawl.parse.topics import view_all_topic
from casecrawl.parse.vocabulary import TopicVocabulary
from casecrawl.urls import case_study_slug

ROLES = ("title", "summary", "date", "label")
MAJORITY = 0.5  # a path takes a role when more than this share of its sample parts play it
SHARE = 0.2  # ...and each of its roles is played by at least this share of them
SHORTEST_SUMMARY = 20
EXTRA_SEPARATORS = " |•·–-:"
VIEW_ALL_IN_TEXT = re.compile(r"\bView all\s*.{1,60}?\s*articles\b", re.IGNORECASE)


def _core(text: str, links: tuple, own_slug: str | None, base_url: str, vocabulary) -> str:
    """A part's text without the extras a teaser glues to its summary: a leading or trailing
    date, topic labels, a link to the case study itself ('Read more')."""
    core = text
    for href, link_text in links:
        if not link_text or link_text == text:
            continue
        label = view_all_topic(link_text) or vocabulary.known(link_text)
        own = own_slug is not None and case_study_slug(href, base_url) == own_slug
        if label or own:
            core = core.replace(link_text, " ")
    core = " ".join(core.split())
    core = VIEW_ALL_IN_TEXT.sub(" ", core)
    for name in sorted(vocabulary.names, key=len, reverse=True):  # a bare label glued on
        if core.startswith(name + " ") and len(core) > len(name) + SHORTEST_SUMMARY:
            core = core[len(name) :]
        if core.endswith(" " + name) and len(core) > len(name) + SHORTEST_SUMMARY:
            core = core[: -len(name)]
    core = " ".join(core.split())
    for match in list(DATE_IN_TEXT.finditer(core))[:1]:
        before, after = core[: match.start()], core[match.end() :]
        if len(before.split()) <= 3 and match.start() < 30:  # 'Published 3 March 2021 ...'
            core = after
        elif not after.strip(" .|"):  # '... 3 March 2021'
            core = before
    return core.strip(EXTRA_SEPARATORS)


def _glued_date(text: str, core: str):
    """The date glued before or after a summary ('3 March 2021 The council...')."""
    at = text.find(core) if core else -1
    for rest in (text[:at], text[at + len(core) :]) if at >= 0 else ():
        match = DATE_IN_TEXT.search(rest)
        if match and len(rest[: match.start()].split()) <= 3:
            return parse_date(match.group(0))
    return None


def part_role(part: tuple, teaser, page: TemplatePage, vocabulary: TopicVocabulary) -> str | None:
    """The role one teaser part plays on the case study's page, or None."""
    _, text, links = part
    headings = [b.text for b in page.blocks if b.is_heading]
    if any(same_text(text, h) for h in headings) or same_text(text, page.structured.headline):
        return "title"
    if view_all_topic(text) or vocabulary.known(text):
        return "label"
    day, label = find_date(text)
    if day is not None and (label is None or len(label.split()) <= 3):
        return "date"
    core = _core(text, links, teaser.slug, page.base_url, vocabulary)
    if len(core) >= SHORTEST_SUMMARY and any(
        summary_matches(b.text, core) for b in page.blocks if not b.is_heading
    ):
        return "summary"
    return None


@dataclass
class TeaserTemplate:
    """The role of each path inside a teaser, as the sample showed it."""

    roles: dict[tuple, str] = field(default_factory=dict)  # path -> role
    sample: int = 0  # teasers it was learned from
    # The fields its reading agrees with the pages on more often than the listing parser's.
    fields: tuple[str, ...] = ("title", "summary", "date", "topic")

    def read(self, teaser, vocabulary: TopicVocabulary, base_url: str):
        """The teaser as its parts' roles say (unchanged when it has no parts). A part is a
        date, a topic label or summary text by what it says, among its path's roles."""
        if not teaser.parts:
            return teaser
        title, summaries, dates, labels, href = None, [], [], [], None
        for path, text, links in teaser.parts:
            role = self.roles.get(path, "")
            if role == "title":
                title = title or text
                continue
            day, label = find_date(text)
            topic = view_all_topic(text) or (text if vocabulary.known(text) else None)
            if "date" in role and day is not None and (label is None or len(label.split()) <= 3):
                dates.append(day)
            elif "label" in role and topic:
                labels.append(vocabulary.canonical(topic))
                href = href or next((h for h, _ in links), None)
            elif "summary" in role and (
                core := _core(text, links, teaser.slug, base_url, vocabulary)
            ):
                summaries.append(core)
                dates += [d for d in [_glued_date(text, core)] if d]
        topic = labels[0] if labels else None
        changes = {
            "title": title or teaser.title,
            "summary": " ".join(summaries) or None,
            "date": dates[0] if dates else None,
        }
        if "topic" in self.fields:
            changes |= {
                "topic": topic,
                "topic_ambiguous": False,
                "topic_alternative": topic,
                "topic_href": href if topic else None,
            }
        return dataclasses.replace(
            teaser,
            **{k: v for k, v in changes.items() if k in self.fields or k.startswith("topic")},
        )

    def to_json(self) -> dict:
        return {
            "sample_teasers": self.sample,
            "parts": [
                {"path": ElementPath(path).css, "levels": ElementPath(path).to_json(), "role": r}
                for path, r in sorted(self.roles.items(), key=lambda kv: str(kv[0]))
            ],
            "fields": list(self.fields),
        }

    @classmethod
    def from_json(cls, data: dict) -> TeaserTemplate:
        roles = {ElementPath.from_json(p["levels"]).levels: p["role"] for p in data["parts"]}
        return cls(roles, data.get("sample_teasers", 0), tuple(data.get("fields", ())))


def learn_teaser_template(samples, vocabulary: TopicVocabulary) -> TeaserTemplate | None:
    """Roles per path from (teaser, page) pairs; None when no path holds the title (the
    listing parser's own reading stands)."""
    votes: dict[tuple, Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    for teaser, page in samples:
        if teaser is None or not teaser.parts:
            continue
        for part in teaser.parts:
            seen[part[0]] += 1
            role = part_role(part, teaser, page, vocabulary)
            if role:
                votes[part[0]][role] += 1
    roles = {}
    for path, counted in votes.items():
        if counted["title"] > MAJORITY * seen[path]:
            roles[path] = "title"
        elif sum(n for role, n in counted.items() if role != "title") > MAJORITY * seen[path]:
            # The content roles this path's parts play ('summary date label' for a metadata
            # list holding both), each on a fair share of them.
            kinds = sorted(
                r for r, n in counted.items() if r != "title" and n >= SHARE * seen[path]
            )
            roles[path] = " ".join(kinds)
    if not roles:
        return None
    template = TeaserTemplate(roles, sum(1 for t, _ in samples if t is not None and t.parts))
    template.fields = _better_fields(template, samples, vocabulary)
    return template if template.fields else None


def _agrees(name: str, value, page: TemplatePage, vocabulary: TopicVocabulary) -> bool:
    """Whether a teaser's value of one field is what the case study's page shows."""
    if value is None:
        return False
    if name == "title":
        return any(same_text(value, b.text) for b in page.blocks if b.is_heading)
    if name == "summary":
        return any(summary_matches(b.text, value, False) for b in page.blocks if not b.is_heading)
    if name == "date":
        return any(d.value == value for d in page.dates)
    shown = {vocabulary.canonical(view_all_topic(b.text) or b.text) for b in page.blocks}
    shown |= {vocabulary.canonical(view_all_topic(t) or t) for b in page.blocks for _, t in b.links}
    return vocabulary.canonical(value) in shown


def _better_fields(template: TeaserTemplate, samples, vocabulary) -> tuple[str, ...]:
    """The fields whose reading by roles agrees with the sample's pages more often than the
    listing parser's own reading: only those are read by the template."""
    everything = dataclasses.replace(template, fields=("title", "summary", "date", "topic"))
    score: Counter = Counter()
    for teaser, page in samples:
        if teaser is None or not teaser.parts:
            continue
        read = everything.read(teaser, vocabulary, page.base_url)
        for name in everything.fields:
            score[name] += _agrees(name, getattr(read, name), page, vocabulary)
            score[name] -= _agrees(name, getattr(teaser, name), page, vocabulary)
    return tuple(name for name in everything.fields if score[name] > 0)
