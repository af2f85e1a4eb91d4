"""The replica's content: N case studies generated deterministically from a seed.

The model knows the ground truth of every column, independent of the markup
variant that renders it, so a crawl can be compared with it field by field.

`ReplicaSite(size, seed, added=A, edited=E, removed=R)` is the same site after A case studies
were published, E edited and R taken down: what a second crawl finds some time after the first.
The changes are drawn from the seed, so the same options always give the same site.

The taxonomy is ground truth too: topics (TOPICS, with sub-topics under a parent in SUB_TOPICS)
and support types (SUPPORT_TYPES) by filter ID, topic pages at `topic_path(id)`, and
`ReplicaSite.expected_topics()` with each term's counts.

`ReplicaSite(size, bad_content=True)` gives eight case studies content that a crawler must
survive (BAD_CONTENT_KINDS, one kind each, chosen deterministically:
`ReplicaSite.bad_content_cases()` says which); the server damages their pages as it sends them,
while the model keeps what a correct crawler must publish (see BAD_CONTENT_KINDS).
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from importlib import resources

DEFAULT_SIZE = 2568
DEFAULT_SEED = 2024
PAGE_SIZE = 10

# Topic filter IDs seen on the live site (site-notes) and a few of our own.
TOPICS: dict[int, str] = {
    2414: "Children and young people",
    2415: "Early Years",
    2431: "Youth participation",
    2432: "Community safety",
    2433: "Female genital mutilation",
    2446: "Culture",
    2449: "Libraries",
    2461: "Economic growth",
    2465: "Climate change",
    2466: "Sustainability",
    2470: "Public health",
    2480: "One Public Estate",
    2490: "Performance management",
    2491: "Councillor development",
    2492: "Efficiency and income generation",
    2493: "Demand management",
    2599: "Housing",
    5699: "Waste",
}
SUB_TOPICS: dict[int, int] = {2415: 2414, 2431: 2414, 2433: 2432, 2449: 2446, 2466: 2465}
SUPPORT_TYPES: dict[int, str] = {
    2603: "Communications support",
    2604: "Peer challenge",
    2605: "Productivity support",
    2606: "Leadership support",
}
# The listing's query parameter of each kind of term: `topic[ID]=ID`, `subject[ID]=ID`.
FILTER_PARAMS = {"topic": "topic", "support_type": "subject"}
BANNERS = (
    "Resetting the relationship between local and national government. "
    "Read our Local Government White Paper",
    "Visit our devolution and LGR hub for the latest on local government reorganisation",
)
# Real councils as titles name them (abolished ones included); the register is not needed.
COUNCILS = (
    ("Wigan Council", "Wigan"),
    ("Rutland County Council", "Rutland"),
    ("Stevenage Borough Council", "Stevenage"),
    ("Knowsley Council", "Knowsley"),
    ("Sefton Council", "Sefton"),
    ("Telford & Wrekin Council", "Telford and Wrekin"),
    ("Bradford Council", "Bradford"),
    ("Worcestershire County Council", "Worcestershire"),
    ("Stoke-on-Trent City Council", "Stoke-on-Trent"),
    ("Cheshire West and Chester Council", "Cheshire West and Chester"),
    ("Royal Borough of Greenwich", "Greenwich"),
    ("London Borough of Camden", "Camden"),
    ("Leeds City Council", "Leeds"),
    ("Cornwall Council", "Cornwall"),
    ("Devon County Council", "Devon"),
    ("Kirklees Council", "Kirklees"),
    ("Calderdale Council", "Calderdale"),
    ("Thurrock Council", "Thurrock"),
    ("Oxford City Council", "Oxford"),
    ("Three Rivers District Council", "Three Rivers"),
    ("Cardiff Council", "Cardiff"),
    ("Swansea Council", "Swansea"),
    ("Fife Council", "Fife"),
    ("Glasgow City Council", "Glasgow"),
    ("Belfast City Council", "Belfast"),
    ("Derry City and Strabane District Council", "Derry and Strabane"),
    ("Northamptonshire County Council", "Northamptonshire"),
    ("Aylesbury Vale District Council", "Aylesbury Vale"),
    ("Allerdale Borough Council", "Allerdale"),
    ("Taunton Deane Borough Council", "Taunton Deane"),
    ("Harrogate Borough Council", "Harrogate"),
    ("Greater Manchester Combined Authority", "Greater Manchester"),
    ("Middlesbrough Council", "Middlesbrough"),
    ("Rochdale Borough Council", "Rochdale"),
    ("Basildon Borough Council", "Basildon"),
    ("High Peak Borough Council", "High Peak"),
    ("Hammersmith & Fulham Council", "Hammersmith and Fulham"),
    ("South Tyneside Council", "South Tyneside"),
    ("Southwark Council", "Southwark"),
    ("Darlington Borough Council", "Darlington"),
)
THEMES = (
    "Publicly owned solar farm", "Tackling childhood obesity", "A new approach to adult social care",
    "Digital inclusion for older residents", "Reducing temporary accommodation costs",
    "Community wealth building", "Working with the voluntary sector", "A whole systems approach",
    "Early help for families", "Apprenticeships in the council", "Improving air quality",
    "Town centre regeneration", "Libraries as community hubs", "Supporting care leavers",
    "Food waste collections", "Retrofitting council homes", "Preventing homelessness",
    "Using data to target support", "Youth voice in decision making", "Social prescribing",
    "Reducing knife crime", "Arts on prescription", "Electric vehicle charging",
    "Supporting high streets", "Councillor wellbeing", "Income generation through trading",
    "Rewilding parks and verges", "Holiday activities and food", "Welcoming refugees",
    "Tackling loneliness", "Shared services with a neighbour", "A residents' panel",
)  # fmt: skip
SECTION_HEADINGS = (
    "The challenge", "The solution", "The impact", "How is the new approach being sustained?",
    "Lessons learned", "A process of change", "Plans for the future", "The challenge and solutions",
)  # fmt: skip
SENTENCES = (
    "The council set up a small project team drawn from housing, public health and finance.",
    "Residents were involved from the start through workshops held in libraries and community centres.",
    "Early results showed a clear fall in demand for crisis services.",
    "Partners agreed a shared set of outcomes and met every month to review progress.",
    "The work was funded from existing budgets, with a modest grant for evaluation.",
    "Staff said the new way of working gave them more time with the people they support.",
    "An independent evaluation is due to report next year.",
    "The approach has since been adopted by two neighbouring authorities.",
    "Councillors took an active role, chairing the steering group and visiting each site.",
    "Data from the pilot helped the council to target support where it was most needed.",
    "Local businesses contributed premises and volunteers.",
    "The team learned that small changes, made quickly, built trust with residents.",
)  # fmt: skip
LIST_ITEMS = (
    "a single point of contact for families", "weekly drop-in sessions", "training for frontline staff",
    "a shared outcomes framework", "better use of council buildings", "an online self-assessment tool",
    "quarterly reports to the cabinet", "joint commissioning with health partners",
)  # fmt: skip
SERIES_LINE = "This case study is part of a series from the LGA Culture Commission."
SLUG_STOP_WORDS = frozenset(
    "a an as at before but by for from is in into like of off on onto per since than "
    "the this that to up via with".split()
)
FIRST_CREATED = datetime(2012, 1, 9, 9, 0, tzinfo=timezone.utc)
# What an edit adds to a case study: a last sentence for the summary, a last paragraph for the
# body (no dates, no other case study's words: the crawl's cross-checks must still pass).
UPDATE_SENTENCES = (
    "The case study was updated with the findings of the independent evaluation.",
    "The council has since extended the approach to two more neighbourhoods.",
    "Figures for the second year of the programme have been added.",
    "The contact details and the results below were revised this year.",
)
UPDATE_PARAGRAPHS = (
    "Since this case study was first published, the programme has moved from a pilot to a "
    "permanent service, funded from the council's core budget.",
    "A second round of the work began after the first year, led by the same team and with "
    "more partners from the voluntary sector.",
    "The evaluation found that the benefits lasted beyond the first year, and the council "
    "now shares its approach with other authorities.",
)

# --- bad content (`ReplicaSite(bad_content=True)`, `replica serve --bad-content`) -------------
# Each kind is served on one case study (`ReplicaSite.bad_content_cases()`: {kind: slug}); the
# server damages the page (casecrawl.testbed.server), the model holds the ground truth:
BAD_CONTENT_KINDS = (
    # sent as windows-1252 bytes, header and meta saying utf-8; the title has an en dash, the
    # body a last paragraph with a curly apostrophe, a pound sign, an e acute: truth keeps them.
    "wrong_encoding",
    # three bytes that are invalid UTF-8 (and undefined in windows-1252), INVALID_BYTES, in a
    # body paragraph next to valid non-ASCII text; truth: one U+FFFD per byte, what every
    # standard decoder gives, and the rest of the page read as UTF-8 (no mojibake).
    "invalid_bytes",
    # no </p> in the body, an unclosed <p> and <div> and a nested <form> (no text) at its
    # start: truth unchanged.
    "unclosed_tags",
    # the title and summary with &amp;, &#8217; and non-breaking spaces (&nbsp; and U+00A0):
    # truth has '&', the apostrophe, and ordinary spaces.
    "entities_nbsp",
    # <script>, <style> and <noscript> blocks inside the body's container: truth unchanged,
    # their text (casecrawl.testbed.server.HIDDEN_TEXTS) is never part of a row.
    "script_style",
    # HUGE_PAGE_BYTES of page (a huge HTML comment before </body>): a crawler must refuse it by
    # a size cap; left out of expected_rows, named by `expected_refused()`.
    "huge_page",
    # the summary element present but whitespace-only (spaces, newline, &nbsp;): summary None.
    "blank_summary",
    # the date shown as a season ('Summer 2021', the season of its created date; a summer one
    # when the site has one) wherever the markup puts the date, its meta tag included, and no
    # exact date anywhere on the page: published_date None, date_source 'listing_filter'.
    "season_date",
)
INVALID_BYTES = b"\x81\x8d\x9d"  # stray continuation bytes, each one U+FFFD when decoded
REPLACEMENT = "\ufffd" * len(INVALID_BYTES)  # what they stand for in the model's text
HUGE_PAGE_BYTES = 20 * 1024 * 1024
# Cases whose rows a correct crawl cannot publish: left out of expected_rows.
UNREADABLE_KINDS = frozenset({"huge_page"})


@dataclass
class Segment:
    """Inline text, a link when `href` is set."""

    text: str
    href: str | None = None


@dataclass
class BodyBlock:
    """One block of a case study's body, independent of markup."""

    kind: str  # "p", "heading" or "list"
    segments: list[Segment] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    heading_style: str = ""  # "h2", "h3" or "bold" (a bold paragraph ending in ':')

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass
class ReplicaCaseStudy:
    """One case study of the replica and everything needed to render and check it."""

    nid: int
    slug: str
    title: str
    summary: str | None
    topic_ids: list[int]
    subject_ids: list[int]
    created: datetime
    shows_date: bool
    teaser_label: bool  # whether the listing teaser shows the first topic
    series_line: str | None
    body: list[BodyBlock]
    gone: bool = False  # the detail page answers 410
    # The last change to the case study: `created` unless it was edited (the Last-Modified time).
    modified: datetime | None = None
    bad_content: str | None = None  # one of BAD_CONTENT_KINDS: how the server damages its page

    def __post_init__(self) -> None:
        if self.modified is None:
            self.modified = self.created

    @property
    def topics(self) -> list[str]:
        return [TOPICS[t] for t in self.topic_ids]

    @property
    def support_type_ids(self) -> list[int]:
        """The case's support types (`subject_ids`), in the order of SUPPORT_TYPES."""
        return [t for t in SUPPORT_TYPES if t in self.subject_ids]

    @property
    def support_types(self) -> list[str]:
        """The names of `support_type_ids`, aligned with them."""
        return [SUPPORT_TYPES[t] for t in self.support_type_ids]

    @property
    def old_style(self) -> bool:
        """Older pages show a bare topic label instead of a 'View all ... articles' link.

        Spread over the whole range (not by year) so that small replicas show both forms.
        """
        return (self.nid * 7) % 10 < 4


def slugify(title: str) -> str:
    """The site's slug rule: lowercase, punctuation and short stop-words dropped, 'and' kept."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9\s-]", "", ascii_title.lower().replace("-", " ")).split()
    return "-".join(w for w in words if w not in SLUG_STOP_WORDS)


def topic_slug(name: str) -> str:
    """A topic name as its page's path segment: lowercase, '&' dropped, every run of other
    characters than letters and digits one '-' ("Children and young people" is
    `children-and-young-people`, "Arts & culture" would be `arts-culture`)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("&", "")).strip("-")


def topic_path(topic_id: int) -> str:
    """The path of a topic's page: `/topics/<slug>` for a top-level topic,
    `/topics/<parent-slug>/<slug>` for a sub-topic (SUB_TOPICS). A KeyError for an ID that
    is not a topic (support types have no topic page)."""
    slug = topic_slug(TOPICS[topic_id])
    parent = SUB_TOPICS.get(topic_id)
    return f"/topics/{slug}" if parent is None else f"{topic_path(parent)}/{slug}"


def topic_at(path: str) -> int | None:
    """The topic whose page is at `path` (a trailing slash allowed), or None."""
    return _TOPIC_PATHS.get(path.rstrip("/") or "/")


_TOPIC_PATHS = {topic_path(t): t for t in TOPICS}


def _seed_content() -> dict:
    text = resources.files("casecrawl.testbed").joinpath("seed_teasers.json").read_text("utf-8")
    return json.loads(text)


class ReplicaSite:
    """The generated case studies and the listing queries the replica answers.

    `added`, `edited` and `removed` change the site of `size` case studies as time would:
    `added` new case studies created after the newest (generated like the others: the first
    `size + added` case studies of `ReplicaSite(size + added)`), `edited` case studies with a new
    summary and body and a later `modified` time (title, slug, nid, created unchanged), and
    `removed` case studies gone from the site (absent from listings, their pages answer 404).
    Edited and removed ones are spread over the site, never gone (410) ones, never added ones,
    never the same; the newest case study of `size` is never removed. Every other case study
    is identical, field for field, to the one in `ReplicaSite(size, seed)`.

    `bad_content=True` gives one case study of each of BAD_CONTENT_KINDS (never a gone, edited,
    removed or added one): `bad_content_cases()` names them, `expected_refused()` those a
    correct crawl refuses to read (left out of `expected_rows`).
    """

    def __init__(
        self,
        size: int = DEFAULT_SIZE,
        seed: int = DEFAULT_SEED,
        gone_every: int = 0,
        added: int = 0,
        edited: int = 0,
        removed: int = 0,
        bad_content: bool = False,
    ):
        if size < 1:
            raise ValueError(f"replica size must be at least 1, got {size}")
        for name, count in (("added", added), ("edited", edited), ("removed", removed)):
            if count < 0:
                raise ValueError(f"replica {name} must not be negative, got {count}")
        self.size = size
        self.seed = seed
        self.case_studies: list[ReplicaCaseStudy] = []
        seeds = _seed_content()
        used_slugs: set[str] = set()
        for index in range(size + added):
            case = _generate(index, seed, seeds, gone_every)
            slug, n = case.slug, 0
            while case.slug in used_slugs:  # pathauto appends -0, -1 ... to repeated aliases
                case.slug = f"{slug}-{n}"
                n += 1
            used_slugs.add(case.slug)
            self.case_studies.append(case)
        # Related blocks point into the first `size` case studies, as they always have.
        self._related_pool = self.case_studies[:size]
        self._next_index = size + added  # the index `publish` generates next
        self.added_cases: list[ReplicaCaseStudy] = self.case_studies[size:]
        self.removed_cases, self.edited_cases = _apply_changes(
            self.case_studies[:size], seed, edited, removed
        )
        if self.removed_cases:
            gone_for_good = {id(c) for c in self.removed_cases}
            self.case_studies = [c for c in self.case_studies if id(c) not in gone_for_good]
        self.bad_content = bad_content
        if bad_content:
            base = [c for c in self.case_studies if c.nid < 10000 + size]  # never an added one
            _apply_bad_content(base, set(map(id, self.edited_cases)))
        self.by_slug = {c.slug: c for c in self.case_studies}
        self.by_nid = {c.nid: c for c in self.case_studies}

    def bad_content_cases(self) -> dict[str, str]:
        """{kind: slug} of the case studies served with bad content (BAD_CONTENT_KINDS order);
        empty without `bad_content`."""
        found = {c.bad_content: c.slug for c in self.case_studies if c.bad_content}
        return {kind: found[kind] for kind in BAD_CONTENT_KINDS if kind in found}

    def expected_refused(self) -> dict[str, str]:
        """{slug: kind} of the case studies a correct crawl must refuse to read (the huge page):
        listed and counted by the listing, but not in `expected_rows`."""
        return {
            c.slug: c.bad_content
            for c in self.case_studies
            if c.bad_content in UNREADABLE_KINDS and not c.gone
        }

    def publish(self, when: datetime) -> ReplicaCaseStudy:
        """Add one case study created at `when` (a publication during a crawl)."""
        case = _generate(self._next_index, self.seed + 1, _seed_content(), 0)
        self._next_index += 1
        case.created = case.modified = when
        case.slug = f"{case.slug}-new-{case.nid}"
        self.case_studies.append(case)
        self.by_slug[case.slug] = case
        self.by_nid[case.nid] = case
        return case

    def related_to(self, case: ReplicaCaseStudy) -> list[ReplicaCaseStudy]:
        """Up to three other case studies for a page's related block: never the page itself,
        never one twice, never a removed one (a site of one case study has none to show)."""
        others: list[ReplicaCaseStudy] = []
        pool = self._related_pool
        for k in range(1, 7):
            other = pool[(case.nid - 10000 + k * 97) % len(pool)]
            if other is case or other in others or len(others) == 3:
                continue
            if self.by_nid.get(other.nid) is other:
                others.append(other)
        return others

    def query(self, params: dict[str, str]) -> list[ReplicaCaseStudy]:
        """The case studies a listing URL selects, in its order (before paging)."""
        result = self.case_studies
        keys = params.get("keys", "").strip().lower()
        if keys:
            result = [c for c in result if all(w in c.title.lower() for w in keys.split())]
        for name, attr in (("topic", "topic_ids"), ("subject", "subject_ids")):
            wanted = {int(v) for k, v in params.items() if k.startswith(f"{name}[") and v.isdigit()}
            if wanted:
                result = [c for c in result if wanted & set(getattr(c, attr))]
        start, end = _parse_day(params.get("from", "")), _parse_day(params.get("to", ""))
        if start:
            result = [c for c in result if c.created.date() >= start]
        if end:
            result = [c for c in result if c.created.date() <= end]
        descending = params.get("sort_order", "DESC").upper() != "ASC"
        if params.get("sort_by") == "title":
            key = lambda c: (c.title.lower(), c.nid)  # noqa: E731
        else:
            key = lambda c: (c.created, c.nid)  # noqa: E731
        return sorted(result, key=key, reverse=descending)

    def expected_rows(self, base_url: str) -> list[dict]:
        """Ground truth: the rows a complete crawl of this replica must write."""
        newest_first = [c for c in self.query({"sort_order": "DESC"}) if _readable(c)]
        return [expected_row(c, base_url, rank) for rank, c in enumerate(newest_first)]

    def expected_topics(self) -> list[dict]:
        """Ground truth of the taxonomy: one row per topic (TOPICS order) then per support
        type (SUPPORT_TYPES order).

        `slug` is the last segment of the topic's page path (`topic_path`), None for a support
        type (no page); `parent_id` the parent of a sub-topic, else None; `case_study_count`
        the case studies carrying the term that a crawl reads (gone ones left out, as in
        `expected_rows`); `reported_count` what the listing filtered on the term reports
        ("Your search returned N results": gone ones included).
        """
        rows = []
        for kind, terms in (("topic", TOPICS), ("support_type", SUPPORT_TYPES)):
            attr = "topic_ids" if kind == "topic" else "subject_ids"
            param = FILTER_PARAMS[kind]
            for term_id, name in terms.items():
                carrying = [c for c in self.case_studies if term_id in getattr(c, attr)]
                reported = self.query({f"{param}[{term_id}]": str(term_id)})
                rows.append(
                    {
                        "topic_id": term_id,
                        "name": name,
                        "kind": kind,
                        "slug": topic_path(term_id).rsplit("/", 1)[1] if kind == "topic" else None,
                        "parent_id": SUB_TOPICS.get(term_id) if kind == "topic" else None,
                        "case_study_count": sum(1 for c in carrying if _readable(c)),
                        "reported_count": len(reported),
                    }
                )
        return rows


def _readable(case: ReplicaCaseStudy) -> bool:
    """Whether a correct crawl reads the case study into a row (not gone, not refused)."""
    return not case.gone and case.bad_content not in UNREADABLE_KINDS


def season_of(day: date) -> str:
    """'Summer 2021': the season (Mar-May spring, Jun-Aug summer, Sep-Nov autumn, Dec-Feb
    winter) and the calendar year of `day`."""
    names = ("Winter", "Spring", "Summer", "Autumn")
    return f"{names[day.month % 12 // 3]} {day.year}"


def _apply_bad_content(base: list[ReplicaCaseStudy], edited: set[int]) -> None:
    """Choose one case study per kind (spread over the site) and set its ground truth."""
    eligible = [c for c in base if not c.gone and id(c) not in edited]
    if len(eligible) < len(BAD_CONTENT_KINDS):
        raise ValueError(
            f"bad content needs {len(BAD_CONTENT_KINDS)} case studies that are not gone, "
            f"edited or removed; this replica has {len(eligible)}"
        )
    # A season date reads best as 'Summer YYYY'; a paragraph of plain text takes the bytes.
    wanted = {
        "season_date": lambda c: c.created.month in (6, 7, 8),
        "invalid_bytes": lambda c: any(
            b.kind == "p" and b.segments and not b.segments[0].href for b in c.body
        ),
    }
    chosen: set[int] = set()
    n = len(BAD_CONTENT_KINDS)
    for i, kind in enumerate(BAD_CONTENT_KINDS):
        start = (2 * i + 1) * len(eligible) // (2 * n)
        order = eligible[start:] + eligible[:start]
        free = [c for c in order if id(c) not in chosen]
        case = next((c for c in free if wanted.get(kind, bool)(c)), free[0])
        chosen.add(id(case))
        case.bad_content = kind
        _bad_truth(case, kind)


def _bad_truth(case: ReplicaCaseStudy, kind: str) -> None:
    """The model of a bad-content case study: what a correct crawler must read from its page."""
    if kind == "wrong_encoding":
        if " - " in case.title:
            case.title = case.title.replace(" - ", " \u2013 ", 1)
        else:
            case.title = f"{case.title} \u2013 what we learned"
        case.body = [
            *case.body,
            BodyBlock(
                "p",
                [
                    Segment(
                        "The council\u2019s caf\u00e9 project saved \u00a3120,000 in its first "
                        "year \u2013 and residents\u2019 groups ran it."
                    )
                ],
            ),
        ]
    elif kind == "invalid_bytes":
        block = next(
            b for b in case.body if b.kind == "p" and b.segments and not b.segments[0].href
        )
        first = block.segments[0]
        block.segments = [
            Segment(f"{first.text} Residents\u2019 views {REPLACEMENT} shaped the plan."),
            *block.segments[1:],
        ]
    elif kind == "entities_nbsp":
        case.title = f"{case.title} & partners\u2019 work"
        case.summary = "Residents\u2019 groups & partners shaped the work. " + (
            case.summary or "The council explains how."
        )
    elif kind == "blank_summary":
        case.summary = None
    elif kind == "season_date":
        case.shows_date = False  # no exact date on the page: only the listing's filters give one


def _apply_changes(
    base: list[ReplicaCaseStudy], seed: int, edited: int, removed: int
) -> tuple[list[ReplicaCaseStudy], list[ReplicaCaseStudy]]:
    """Choose the case studies to remove, then those to edit, and edit them (in place).

    Both are spread over the site (one in each of `n` equal stretches, at a place drawn from
    the seed); gone (410) ones are never chosen, nor the newest one for removal.
    """
    candidates = [c for c in base[:-1] if not c.gone]
    if removed > len(candidates):
        raise ValueError(
            f"cannot remove {removed} case studies: only {len(candidates)} can be removed"
        )
    to_remove = _spread(candidates, removed, random.Random(f"{seed}:removed:{removed}"))
    removed_ids = {id(c) for c in to_remove}
    editable = [c for c in base if not c.gone and id(c) not in removed_ids]
    if edited > len(editable):
        raise ValueError(f"cannot edit {edited} case studies: only {len(editable)} can be edited")
    to_edit = _spread(editable, edited, random.Random(f"{seed}:edited:{edited}"))
    newest = max(c.created for c in base)
    for case in to_edit:
        _edit(case, seed, newest)
    return to_remove, to_edit


def _spread(cases: list[ReplicaCaseStudy], n: int, rng: random.Random) -> list[ReplicaCaseStudy]:
    """`n` of `cases`, one in each of `n` equal stretches of the list."""
    chosen = []
    for j in range(n):
        start, end = j * len(cases) // n, (j + 1) * len(cases) // n
        chosen.append(cases[rng.randrange(start, end)])
    return chosen


def _edit(case: ReplicaCaseStudy, seed: int, newest: datetime) -> None:
    """A new summary and body; modified after every case study of the site before the change."""
    rng = random.Random(f"{seed}:edit:{case.nid}")
    summary = f"{_summary(rng, case.title)} {rng.choice(UPDATE_SENTENCES)}"
    body = _body(rng, summary)
    body.append(BodyBlock("p", [Segment(rng.choice(UPDATE_PARAGRAPHS))]))
    case.summary = summary
    case.body = body
    case.modified = newest + timedelta(hours=rng.randint(12, 36), minutes=rng.randint(0, 59))


def _parse_day(text: str) -> date | None:
    """A `from`/`to` filter's day: YYYY-MM-DD or DD/MM/YYYY; None (no bound) for anything else.

    The filters bound the created date, both inclusive (`to=2021-03-03` keeps a case study
    created at any time on 3 March 2021)."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def body_text_of(blocks: list[BodyBlock]) -> str:
    """Body text as the dataset defines it: blank lines between blocks, list items as '- item'."""
    return "\n\n".join(_block_text(b) for b in blocks)


def _block_text(block: BodyBlock) -> str:
    if block.kind == "list":
        return "\n".join(f"- {item}" for item in block.items)
    return block.text


def sections_of(blocks: list[BodyBlock]) -> list[dict]:
    """Sections as the dataset defines them: heading without trailing ':', text below it."""
    sections: list[dict] = []
    heading, texts = "", []
    for block in blocks:
        if block.kind == "heading":
            if texts or heading:
                sections.append({"heading": heading, "text": "\n\n".join(texts)})
            heading, texts = block.text.rstrip(":").strip(), []
        else:
            texts.append(_block_text(block))
    if texts or heading:
        sections.append({"heading": heading, "text": "\n\n".join(texts)})
    return sections


def expected_row(case: ReplicaCaseStudy, base_url: str, rank: int) -> dict:
    """One case study's ground-truth row."""
    links: list[str] = []
    for block in case.body:
        for seg in block.segments:
            if seg.href and seg.href.startswith("http") and seg.href not in links:
                links.append(seg.href)
    return {
        "id": case.slug,
        "url": f"{base_url}/case-studies/{case.slug}",
        "title": case.title,
        "summary": case.summary,
        "topics": case.topics,
        "topic_ids": list(case.topic_ids),
        "support_types": case.support_types,
        "support_type_ids": case.support_type_ids,
        "published_date": case.created.date() if case.shows_date else None,
        # Where a crawl can learn the created date: the page when it shows it, else only the
        # listing filtered by `from`/`to` (which gives the month, at least).
        "created_month": case.created.date().replace(day=1),
        "date_source": "page" if case.shows_date else "listing_filter",
        "body_text": body_text_of(case.body),
        "sections": sections_of(case.body),
        "links": links,
        "listing_rank": rank,
        "source": base_url,
    }


def _generate(index: int, seed: int, seeds: dict, gone_every: int) -> ReplicaCaseStudy:
    rng = random.Random(f"{seed}:{index}")
    created = FIRST_CREATED + timedelta(days=index * 1.9, minutes=rng.randint(0, 600))
    teasers = seeds["teasers"]
    seed_slot = index * 7 + 3
    if seed_slot % 53 == 0 and (seed_slot // 53) < len(teasers):
        teaser = teasers[seed_slot // 53]
        title, summary = teaser["title"], teaser["summary"]
    else:
        title = _title(rng)
        summary = rng.choice(seeds["summaries"]) if rng.random() < 0.3 else _summary(rng, title)
    if rng.random() < 0.07:
        summary = None
    topic_ids = _topics(rng)
    subject_ids = [rng.choice(list(SUPPORT_TYPES))] if rng.random() < 0.08 else []
    body = _body(rng, summary)
    return ReplicaCaseStudy(
        nid=10000 + index,
        slug=slugify(title),
        title=title,
        summary=summary,
        topic_ids=topic_ids,
        subject_ids=subject_ids,
        created=created,
        shows_date=rng.random() < 0.7,
        teaser_label=bool(topic_ids) and rng.random() < 0.6,
        series_line=SERIES_LINE if 2446 in topic_ids and rng.random() < 0.5 else None,
        body=body,
        gone=bool(gone_every) and index % gone_every == gone_every - 1,
    )


def _title(rng: random.Random) -> str:
    (name, area), (name2, area2) = rng.sample(COUNCILS, 2)
    theme = rng.choice(THEMES)
    form = rng.random()
    if form < 0.3:
        return f"{name}: {theme}"
    if form < 0.45:
        return f"{area}: {theme}"
    if form < 0.6:
        return f"{theme} in {area}"
    if form < 0.7:
        return f"{area} and {area2}: {theme}"
    if form < 0.8:
        return f"{theme} - {name}"
    return theme


def _summary(rng: random.Random, title: str) -> str:
    subject = title.split(":")[0] if ":" in title else "The council"
    return (
        f"{subject} {rng.choice(('describes', 'explains', 'shows'))} {title.split(':')[-1].strip().lower()}. "
        + rng.choice(SENTENCES)
    )


def _topics(rng: random.Random) -> list[int]:
    roll = rng.random()
    if roll < 0.15:
        return []
    if roll < 0.45:
        sub = rng.choice(list(SUB_TOPICS))
        return [SUB_TOPICS[sub], sub]
    return [rng.choice([t for t in TOPICS if t not in SUB_TOPICS])]


def _paragraph(rng: random.Random, link_chance: float) -> BodyBlock:
    sentences = rng.sample(SENTENCES, rng.randint(1, 3))
    segments = [Segment(" ".join(sentences))]
    if rng.random() < link_chance:
        if rng.random() < 0.5:
            href = f"https://www.local.gov.uk/sites/default/files/documents/report-{rng.randint(100, 999)}.pdf"
            anchor = "the full report"
        else:
            href = f"https://www.partner{rng.randint(1, 40)}.org.uk/our-work"
            anchor = "our partner's website"
        segments += [Segment(" Read "), Segment(anchor, href), Segment(".")]
    return BodyBlock("p", segments)


def _body(rng: random.Random, summary: str | None) -> list[BodyBlock]:
    if rng.random() < 0.03:
        href = "https://www.local.gov.uk/publications/case-studies-collection"
        return [
            BodyBlock(
                "p",
                [
                    Segment("See the case studies in our "),
                    Segment("publication", href),
                    Segment("."),
                ],
            )
        ]
    blocks: list[BodyBlock] = []
    if summary and rng.random() < 0.4:
        blocks.append(BodyBlock("p", [Segment(summary)]))
    if rng.random() < 0.2:  # no headings at all
        blocks += [_paragraph(rng, 0.2) for _ in range(rng.randint(1, 4))]
        return blocks
    if rng.random() < 0.3:
        blocks.append(_paragraph(rng, 0.1))  # text before the first heading
    style = rng.choice(("h2", "h3", "bold"))
    headings = rng.sample(SECTION_HEADINGS[:-1], rng.randint(2, 4))
    if rng.random() < 0.3:
        headings.append("Contact")
    for heading in headings:
        text = heading + ":" if style == "bold" or rng.random() < 0.1 else heading
        blocks.append(BodyBlock("heading", [Segment(text)], heading_style=style))
        if heading == "Contact":
            email = "casestudies@example.gov.uk"
            blocks.append(BodyBlock("p", [Segment("Email "), Segment(email, f"mailto:{email}")]))
            continue
        blocks += [_paragraph(rng, 0.25) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.25:
            blocks.append(BodyBlock("list", items=rng.sample(LIST_ITEMS, rng.randint(2, 4))))
    return blocks
