"""The site's template, learned from the site's own evidence: where each field lives on its
case-study pages, and what on them is chrome.

A sample of case-study pages spread across the listing is read against what the listing
says of each (title, summary, perhaps shortened, date, topic label) and what the pages say
of themselves in structured data. Each field is generalised to the element path that picks
it on nearly every sample page (paths.py); text that recurs on many pages is chrome
(chrome.py); topics are the blocks of links whose texts or targets are the filter form's
topics, where the sample finds them; the body is the longest run of blocks in the content
region the sample locates, less chrome and the fields already taken. `read_case_study`
applies the template to any page of the site; a field the sample could not place is read by
the per-page rules of detail.py instead, and says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from casecrawl.parse.chrome import CHROME_IN_BODY, CHROME_SHARE, RepeatedTexts
from casecrawl.parse.paths import (
    Example,
    PathChoice,
    chains_of,
    learn_path,
    propose_paths,
)
from casecrawl.parse.template.page import (
    LEARNED,
    LISTING_SUMMARY,
    TemplatePage,
    block_kind,
    same_text,
    summary_matches,
    topic_mentions,
)
from casecrawl.parse.template.read import (
    SENTENCE,
    UNIQUE,
    TemplateReading,
    heaviest_element,
    read_case_study,
    read_title,
    region_candidates,
    run_place,
    summary_candidates,
)
from casecrawl.parse.template.site import SiteTemplate
from casecrawl.parse.template.teasers import learn_teaser_template
from casecrawl.parse.vocabulary import TopicVocabulary


@dataclass
class Sample:
    """One page of the learning sample and what the listing says of it (None: nothing)."""

    page: TemplatePage
    teaser: object | None


def _keep(template: SiteTemplate, name: str, choice: PathChoice | None, evidence: str) -> None:
    template.evidence[name] = evidence
    if choice is None:
        template.unplaced[name] = f"no element of the sample's pages matched the {evidence}"
    elif choice.agreement < LEARNED:
        template.unplaced[name] = (
            f"the best path ({choice.path.css}) picked the {evidence} on only "
            f"{choice.agreement:.0%} of {choice.pages} sample pages"
        )
    else:
        template.paths["body_region" if name == "body" else name] = choice


def _learn_title(template: SiteTemplate, samples: list[Sample]) -> None:
    examples = []
    for sample in samples:
        page, title = sample.page, getattr(sample.teaser, "title", None)
        if not title:
            continue
        right = [b.index for b in page.blocks if same_text(b.text, title)]
        examples.append(Example([b.index for b in page.blocks], right, page.chains))
    _keep(template, "title", learn_path(examples) if examples else None, "listing's title")


def _title_index(page: TemplatePage, template: SiteTemplate, teaser) -> int:
    block = read_title(page, template, teaser, TemplateReading())
    return block.index if block is not None else -1


def _learn_summary(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    shown = [s for s in samples if getattr(s.teaser, "summary", None)]
    evidence = LISTING_SUMMARY
    if not shown:  # the listing shows no summaries: what the pages' structured data says
        evidence = "structured data's description"
    examples = []
    for sample in samples:
        page = sample.page
        start = _title_index(page, template, sample.teaser)
        after = summary_candidates(page, start, vocabulary, template)
        if shown:
            text = getattr(sample.teaser, "summary", None)
        else:
            text = page.structured.description
        right = [i for i in after if text and summary_matches(page.blocks[i].text, text)]
        examples.append(Example(after, right, page.chains, shows=bool(text)))
    usable = shown or any(e.shows for e in examples)
    choice = learn_path(examples) if usable else None
    if shown and (choice is None or choice.agreement < LEARNED):
        # 'The first such block after the title' is read only where the listing shows a
        # summary (_summary): pages where it shows none do not judge such a path.
        shows = learn_path([e for e in examples if e.shows])
        if shows is not None and shows.pick == "first" and shows.agreement >= LEARNED:
            choice = shows
    _keep(template, "summary", choice, evidence)


def _date_evidence(sample: Sample) -> tuple[date | None, str]:
    listed = getattr(sample.teaser, "date", None)
    if listed:
        return listed, "listing's date"
    if sample.page.structured.published:
        return sample.page.structured.published, "structured data's publication date"
    return None, ""


def _learn_date(template: SiteTemplate, samples: list[Sample]) -> None:
    examples, kinds = [], set()
    labelled_only = not any(_date_evidence(s)[0] for s in samples)
    for sample in samples:
        page = sample.page
        lines = [d for d in page.dates if d.block.index not in page.related and not d.is_update]
        candidates = sorted({d.block.index for d in lines})
        if labelled_only:  # nothing to match: the dates the page does not label as updates
            examples.append(Example(candidates, candidates, page.chains, shows=bool(candidates)))
            continue
        day, kind = _date_evidence(sample)
        if day is None:
            continue
        kinds.add(kind)
        right = sorted({d.block.index for d in lines if d.value == day})
        examples.append(Example(candidates, right, page.chains, shows=bool(right)))
    evidence = " and ".join(sorted(kinds)) if kinds else "dates not labelled as updates"
    if not any(e.right for e in examples):
        template.evidence["published_date"] = evidence
        template.notes["published_date"] = (
            "the sample's pages show no date line: the first one after the title is read, "
            "else structured data's"
        )
        return
    _keep(template, "published_date", learn_path(examples), evidence)


def _learn_topics(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    examples = []
    for sample in samples:
        label = vocabulary.canonical(getattr(sample.teaser, "topic", None))
        if not label:
            continue
        page = sample.page
        mentions = {
            i: names
            for i, names in topic_mentions(page, vocabulary).items()
            if template.chrome_share(page.blocks[i]) < CHROME_IN_BODY
        }
        right = [i for i, names in mentions.items() if label in names]
        examples.append(Example(sorted(mentions), right, page.chains))
    template.evidence["topics"] = "listing's topic labels"
    if not examples:
        template.notes["topics"] = "the listing shows no topic labels: every block of them is read"
        return
    covered: set[int] = set()
    hypotheses = propose_paths(examples)
    while len(covered) < len(examples):
        best, best_pages = None, set()
        for path in hypotheses:
            pages = {
                n
                for n, e in enumerate(examples)
                if n not in covered
                and any(i in e.right for i in e.candidates if path.matches(e.chains[i]))
            }
            key = (len(pages), len(path.levels), sum(len(c) for _, c in path.levels))
            if best is None or key > best[0]:
                best, best_pages = (key, path), pages
        if best is None or len(best_pages) < max(2, 0.05 * len(examples)):
            break
        covered |= best_pages
        template.topic_paths.append(PathChoice(best[1], "all", len(best_pages), len(examples)))
    share = len(covered) / len(examples)
    if share < LEARNED:
        template.topic_paths = []
        template.notes["topics"] = (
            f"topic blocks holding the listing's label found on only {share:.0%} of "
            f"{len(examples)} sample pages: every block of topic labels is read"
        )


def _content_element(page: TemplatePage, reading: TemplateReading, template: SiteTemplate):
    """The deepest element holding most of the page's own text (not fields, not chrome)."""
    start = next((i for i, role in reading.roles.items() if role == "title"), -1)
    blocks = [
        b
        for b in page.blocks
        if b.index > start
        and reading.roles.get(b.index) in ("body", "outside")
        and template.chrome_share(b) < CHROME_SHARE
    ]
    return heaviest_element(blocks)


def _learn_region(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    examples = []
    for sample in samples:
        page = sample.page
        reading = read_case_study(page, template, sample.teaser, vocabulary)
        element = _content_element(page, reading, template)
        candidates = region_candidates(page)
        if element is None or element.tag in ("body", "html"):
            continue
        examples.append(Example(candidates, [element], chains_of(candidates, page.chain_memo)))
    evidence = "region holding most of each page's own text"
    template.evidence["body"] = evidence
    choice = learn_path(examples) if examples else None
    # A region picked as 'the first of several' is a guess: a page's first section, say.
    if choice is not None and choice.agreement >= LEARNED and choice.pick == "only":
        template.paths["body_region"] = choice
    else:  # the body is still the longest run of blocks, only not bounded by a region
        template.notes["body"] = "no one region holds the body on the sample's pages: " + (
            f"the best path ({choice.path.css}) on only {choice.agreement:.0%}"
            if choice
            else "none found"
        )


def learn_template(samples: list[Sample], vocabulary: TopicVocabulary) -> SiteTemplate:
    """Learn where each field lives from a sample of the site's case-study pages."""
    template = SiteTemplate(sample=[s.page.url for s in samples])
    template.chrome = RepeatedTexts([s.page.blocks for s in samples])
    _learn_title(template, samples)
    _learn_summary(template, samples, vocabulary)
    _learn_date(template, samples)
    _learn_topics(template, samples, vocabulary)
    _learn_region(template, samples, vocabulary)
    _learn_body_kinds(template, samples, vocabulary)
    return template


BODY_OR_CHROME = frozenset({"body", "chrome", "outside"})


def _learn_body_kinds(template: SiteTemplate, samples: list[Sample], vocabulary) -> None:
    """The kinds of block the body is made of: those of long unique texts, and whatever
    stands between two of them on some sample page (headings, lists)."""
    seen: Counter = Counter()
    places: Counter = Counter()
    for sample in samples:
        page = sample.page
        reading = read_case_study(page, template, sample.teaser, vocabulary)
        core = [
            b
            for b in reading.body
            if len(b.text) >= SENTENCE and template.chrome_share(b) <= UNIQUE
        ]
        if core:
            # Whatever stands between the first and the last of them, recurring or not.
            span = page.blocks[core[0].index : core[-1].index + 1]
            roles = reading.roles
            seen.update({block_kind(page, b) for b in span if roles.get(b.index) in BODY_OR_CHROME})
            places.update({run_place([b]) for b in core})
    enough = max(2, 0.1 * len(samples)) if len(samples) >= 5 else 1
    template.body_kinds = {kind for kind, n in seen.items() if n >= min(enough, 2)}
    # Places most of the sample's bodies start in (not a one-off).
    template.body_places = {p for p, n in places.items() if n >= enough}


def learn_site_template(samples: list, vocabulary: TopicVocabulary):
    """The site's template from its sample: first the teasers' parts (so that the sample's
    teasers say what the listing really says), then every field of the pages."""
    teaser_template = learn_teaser_template([(s.teaser, s.page) for s in samples], vocabulary)
    if teaser_template is not None:
        for sample in samples:
            if sample.teaser is not None:
                sample.teaser = teaser_template.read(
                    sample.teaser, vocabulary, sample.page.base_url
                )
    template = learn_template(samples, vocabulary)
    template.teaser = teaser_template
    return template
