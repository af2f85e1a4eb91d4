"""The learned template of one site: a path per field, what is chrome, and its JSON form
(template.json in each snapshot)."""

from __future__ import annotations

from dataclasses import dataclass, field

from casecrawl.parse.blocks import Block
from casecrawl.parse.chrome import RepeatedTexts
from casecrawl.parse.paths import (
    ElementPath,
    PathChoice,
)
from casecrawl.parse.template.page import FIELDS, TEMPLATE_VERSION
from casecrawl.parse.template.teasers import TeaserTemplate
from casecrawl.parse.vocabulary import TopicVocabulary


@dataclass
class SiteTemplate:
    """Per field, the learned path and its sample agreement; the chrome; what was not placed."""

    paths: dict[str, PathChoice] = field(default_factory=dict)  # title, summary, date, body
    topic_paths: list[PathChoice] = field(default_factory=list)
    # The kinds of block (tag and parent, with classes) the sample's bodies are made of.
    body_kinds: set[tuple] = field(default_factory=set)
    # Where the sample's bodies' paragraphs stand (their parent's whole path).
    body_places: set[tuple] = field(default_factory=set)
    chrome: RepeatedTexts | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> what the sample matched
    unplaced: dict[str, str] = field(default_factory=dict)  # field -> why it is not placed
    notes: dict[str, str] = field(default_factory=dict)  # field -> what the sample did not show
    sample: list[str] = field(default_factory=list)  # the sample's URLs
    teaser: TeaserTemplate | None = None  # the teasers' template, if learned

    def read_teaser(self, teaser, vocabulary: TopicVocabulary, base_url: str):
        """What a listing teaser says, read by the teasers' template when there is one."""
        if self.teaser is None or teaser is None:
            return teaser
        return self.teaser.read(teaser, vocabulary, base_url)

    def path(self, name: str) -> PathChoice | None:
        return self.paths.get(name)

    def chrome_share(self, block: Block) -> float:
        return self.chrome.share(block) if self.chrome else 0.0

    def label_share(self, text: str) -> float:
        return self.chrome.label_share(text) if self.chrome else 0.0

    def to_json(self) -> dict:
        fields = {}
        for name in FIELDS:
            key = "body_region" if name == "body" else name
            if name == "topics":
                entry = (
                    {"paths": [p.to_json() for p in self.topic_paths]} if self.topic_paths else {}
                )
            else:
                entry = self.paths[key].to_json() if key in self.paths else {}
            entry["evidence"] = self.evidence.get(name, "")
            if name in self.unplaced:
                entry["unplaced"] = self.unplaced[name]
            if name in self.notes:
                entry["note"] = self.notes[name]
            fields[name] = entry
        chrome = self.chrome.common() if self.chrome else {}
        return {
            "version": TEMPLATE_VERSION,
            "sample_pages": len(self.sample),
            "sample": self.sample,
            "fields": fields,
            "body_kinds": sorted(ElementPath(k).css for k in self.body_kinds),
            "body_kind_levels": [
                ElementPath(k).to_json() for k in sorted(self.body_kinds, key=str)
            ],
            "chrome": chrome,
            "chrome_pages": self.chrome.pages if self.chrome else 0,
            "teaser": self.teaser.to_json() if self.teaser is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> SiteTemplate:
        if data.get("version") != TEMPLATE_VERSION:
            raise ValueError(f"template version {data.get('version')!r} is not {TEMPLATE_VERSION}")
        template = cls(sample=list(data.get("sample", [])))
        for name, entry in data.get("fields", {}).items():
            key = "body_region" if name == "body" else name
            if "levels" in entry:
                template.paths[key] = PathChoice.from_json(entry)
            for path in entry.get("paths", []):
                template.topic_paths.append(PathChoice.from_json(path))
            if entry.get("evidence"):
                template.evidence[name] = entry["evidence"]
            if entry.get("unplaced"):
                template.unplaced[name] = entry["unplaced"]
            if entry.get("note"):
                template.notes[name] = entry["note"]
        template.body_kinds = {
            ElementPath.from_json(levels).levels for levels in data.get("body_kind_levels", [])
        }
        template.body_places = {
            ElementPath.from_json(levels).levels for levels in data.get("body_places", [])
        }
        if data.get("teaser"):
            template.teaser = TeaserTemplate.from_json(data["teaser"])
        template.chrome = RepeatedTexts.from_shares(
            data.get("chrome", {}), data.get("chrome_pages", 0)
        )
        return template


# --- reading a page with the template ------------------------------------------------------
