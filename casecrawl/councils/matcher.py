"""Find the councils a text names, by the policy in docs/councils.md.

Aliases come from the register (official names, mySociety's alternative names)
and from the common forms built on each area name ("X Council", "London Borough of
X", "X MBC" ...). Matching is longest-first over word tokens, so "Cheshire West and
Chester Council" wins over "Chester", and "Wigan Council's" matches "Wigan Council".
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass

from casecrawl.councils.register import Authority, CouncilRegister

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|&")
COUNCIL_WORDS = frozenset({"council", "borough", "authority", "corporation", "mbc", "combined"})
SUFFIXES = (
    ("council",), ("borough", "council"), ("city", "council"), ("county", "council"),
    ("district", "council"), ("metropolitan", "borough", "council"), ("mbc",),
    ("metropolitan", "district", "council"), ("county", "borough", "council"),
    ("city", "and", "district", "council"), ("borough",), ("county", "council", "s"),
)  # fmt: skip
PREFIXES = (
    ("london", "borough", "of"), ("royal", "borough", "of"), ("city", "of"),
    ("council", "of", "the", "city", "of"), ("city", "and", "county", "of"),
)  # fmt: skip
SMALL_WORDS = frozenset({"and", "of", "upon", "on", "the", "in", "with", "le", "under", "by"})
# A bare area name right before these (or after "NHS", "University of") names another body.
NOT_AUTHORITY_AFTER = frozenset(
    {
        "police", "constabulary", "fire", "nhs", "university", "college", "hospital",
        "hospitals", "trust", "ccg", "icb", "integrated", "clinical", "health", "healthcare",
        "foundation", "partnership", "museum", "museums", "chamber", "lep", "football", "fc",
        "airport", "cathedral", "library", "libraries", "school", "academy", "network",
        "forum", "alliance", "association", "society", "charity", "ltd", "limited",
    }
)  # fmt: skip
NOT_AUTHORITY_BEFORE = frozenset({"nhs", "university", "bishop", "diocese", "port", "fc"})
# Area names that are also ordinary words: bare, they count only in a place-like position.
COMMON_WORD_AREAS = frozenset({("reading",), ("bury",), ("hart",), ("eden",), ("rugby",)})
PLACE_WORDS = frozenset({"in", "at", "across", "of", "from", "for", "around", "throughout"})
TIER_OFFICIAL, TIER_FORM, TIER_BARE = 0, 1, 2


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int
    capitalised: bool


def tokenise(text: str) -> list[Token]:
    """Word tokens: lowercased, '&' as 'and', possessive 's dropped, other apostrophes removed."""
    out = []
    for match in TOKEN.finditer(text):
        word = match.group()
        norm = "and" if word == "&" else re.sub(r"['’]s$", "", word.lower())
        norm = norm.replace("'", "").replace("’", "")
        out.append(Token(norm, match.start(), match.end(), word[0].isupper() or word[0].isdigit()))
    return out


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenise(name))


@dataclass
class CouncilMatch:
    """One council found in a text."""

    code: str
    gss_code: str
    name: str
    matched_text: str
    start: int


@dataclass
class MatchResult:
    """The councils a text names, and the names that fitted more than one authority."""

    councils: list[CouncilMatch]
    ambiguous: list[tuple[str, tuple[str, ...]]]
    spans: list[tuple[int, int]]  # every matched stretch of text, repeats and ambiguous included


class CouncilMatcher:
    """Longest-first alias matching against the register."""

    def __init__(self, register: CouncilRegister):
        self.register = register
        self.aliases: dict[tuple[str, ...], tuple[int, set[str]]] = {}
        for authority in register.authorities.values():
            self._add(_key(authority.official_name), TIER_OFFICIAL, authority.code)
            self._add_area_forms(_key(authority.nice_name), authority.code)
        for name, code in register.alternative_names:
            key = _key(name)
            if COUNCIL_WORDS & set(key):
                self._add(key, TIER_OFFICIAL, code)
            else:
                self._add_area_forms(key, code)
        self.by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key in self.aliases:
            self.by_first[key[0]].append(key)
        for keys in self.by_first.values():
            keys.sort(key=len, reverse=True)

    def _add(self, key: tuple[str, ...], tier: int, code: str) -> None:
        if not key:
            return
        current = self.aliases.get(key)
        if current is None or tier < current[0]:
            self.aliases[key] = (tier, {code})
        elif tier == current[0]:
            current[1].add(code)

    def _add_area_forms(self, area: tuple[str, ...], code: str) -> None:
        if not area:
            return
        self._add(area, TIER_BARE, code)
        for suffix in SUFFIXES:
            self._add(area + suffix, TIER_FORM, code)
        for prefix in PREFIXES:
            self._add(prefix + area, TIER_FORM, code)
            self._add(prefix + area + ("council",), TIER_FORM, code)

    def match(self, text: str) -> MatchResult:
        """Every council the text names, in order of first appearance, each once."""
        tokens = tokenise(text or "")
        norms = [t.norm for t in tokens]
        found: dict[str, CouncilMatch] = {}
        ambiguous = []
        spans = []
        i = 0
        while i < len(tokens):
            hit = self._longest_at(norms, i)
            if hit is None:
                i += 1
                continue
            key, (tier, codes) = hit
            end = i + len(key)
            if tier == TIER_BARE and not self._bare_name_counts(tokens, i, end, key):
                i = end
                continue
            matched = text[tokens[i].start : tokens[end - 1].end]
            spans.append((tokens[i].start, tokens[end - 1].end))
            if len(codes) > 1:
                ambiguous.append((matched, tuple(sorted(codes))))
            else:
                code = next(iter(codes))
                if code not in found:
                    authority = self.register[code]
                    found[code] = CouncilMatch(
                        code, authority.gss_code, authority.official_name, matched, tokens[i].start
                    )
            i = end
        return MatchResult(list(found.values()), ambiguous, spans)

    def _longest_at(self, norms: list[str], i: int):
        for key in self.by_first.get(norms[i], ()):
            if tuple(norms[i : i + len(key)]) == key:
                return key, self.aliases[key]
        return None

    def _bare_name_counts(self, tokens: list[Token], i: int, end: int, key) -> bool:
        """A bare area name counts when written as a name and not part of another body's name."""
        if not all(t.capitalised or t.norm in SMALL_WORDS for t in tokens[i:end]):
            return False
        if not tokens[i].capitalised:
            return False
        after = [t for t in tokens[end : end + 3]]
        for token in after:
            if not token.capitalised:
                break
            if token.norm in NOT_AUTHORITY_AFTER:
                return False
        before = tokens[max(i - 2, 0) : i]
        if any(t.norm in NOT_AUTHORITY_BEFORE and t.capitalised for t in before):
            return False
        if key in COMMON_WORD_AREAS:
            return bool(before) and before[-1].norm in PLACE_WORDS
        return True


def authority_of(matcher: CouncilMatcher, code: str) -> Authority:
    return matcher.register[code]


def match_councils(texts: list[str], matcher: CouncilMatcher) -> list[dict]:
    """For each text: {"text", "councils": [{"code", "gss_code", "name", "matched_text"}]}."""
    out = []
    for text in texts:
        result = matcher.match(text)
        councils = [{k: v for k, v in asdict(m).items() if k != "start"} for m in result.councils]
        out.append({"text": text, "councils": councils})
    return out


def to_json_lines(results: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in results)
