"""Find the councils a text names, by the policy in docs/councils.md.

Aliases come from the register (official names, mySociety's alternative names)
and from the common forms built on each area name ("X Council", "London Borough of
X", "X MBC" ...). Matching is longest-first over word tokens, so "Cheshire West and
Chester Council" wins over "Chester", and "Wigan Council's" matches "Wigan Council".
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from casecrawl.councils.register import CouncilRegister

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
    ("council", "of", "the", "city", "of"), ("city", "and", "county", "of"), ("county",),
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
        "parish", "steering", "group", "board", "team", "neighbourhood", "advice", "estate",
    }
)  # fmt: skip
NOT_AUTHORITY_BEFORE = frozenset({"nhs", "university", "bishop", "diocese", "port", "fc"})
# Area names that are also ordinary words: bare, they count only in a place-like position.
COMMON_WORD_AREAS = frozenset({("reading",), ("bury",), ("hart",), ("eden",), ("rugby",)})
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "central", "mid", "greater", "inner"})
PLACE_WORDS = frozenset({"in", "at", "across", "of", "from", "for", "around", "throughout"})
# Words that, even in lower case, make a bare area name part of another body's name: a
# partnership or a region ("Leeds City Region", "the North East partnership").
NOT_AUTHORITY_AFTER_ANY_CASE = frozenset({"partnership", "partnerships", "region", "regions"})
# "A upon B", "A-on-B": the everyday name is A ("Stoke", "Southend"); "Kingston upon B" is B
# ("Hull"), since two councils share "Kingston".
JOINING_WORDS = frozenset({"upon", "on", "under"})
TIER_OFFICIAL, TIER_FORM, TIER_BARE = 0, 1, 2
RULES = {TIER_OFFICIAL: "official", TIER_FORM: "form", TIER_BARE: "bare"}


_NORMS: dict[str, str] = {}


def normalise_word(word: str) -> str:
    """Lowercased, '&' as 'and', possessive 's dropped, other apostrophes removed (cached)."""
    norm = _NORMS.get(word)
    if norm is None:
        norm = "and" if word == "&" else re.sub(r"['’]s$", "", word.lower())
        norm = norm.replace("'", "").replace("’", "")
        norm = _NORMS[word] = "st" if norm == "saint" else norm  # St, St., Saint
    return norm


def _capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit()


def _key(name: str) -> tuple[str, ...]:
    return tuple(normalise_word(w) for w in TOKEN.findall(name))


@dataclass
class CouncilMatch:
    """One council found in a text."""

    code: str
    gss_code: str
    name: str
    matched_text: str
    start: int
    rule: str = ""  # official, form or bare: the name form that matched


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
        self._add_everyday_names(register)
        self._add_initialisms(register)
        # A word trie: walking it from a word finds the longest alias in one pass.
        self.trie: dict = {}
        for key in self.aliases:
            node = self.trie
            for word in key:
                node = node.setdefault(word, {})
            node[None] = key

    def _add(self, key: tuple[str, ...], tier: int, code: str) -> None:
        if not key:
            return
        current = self.aliases.get(key)
        if current is None or tier < current[0]:
            self.aliases[key] = (tier, {code})
        elif tier == current[0]:
            current[1].add(code)

    def _add_everyday_names(self, register: CouncilRegister) -> None:
        """The short names a rule derives from the official area names ("Stoke" for
        Stoke-on-Trent, "Hull" for Kingston upon Hull), where no other area's name holds the
        word or a longer one it begins: a short name two councils share ("Newcastle",
        "Kingston") stays ambiguous, and is never matched."""
        words_in_names: dict[str, set[str]] = {}
        for authority in register.authorities.values():
            for word in _key(authority.nice_name):
                words_in_names.setdefault(word, set()).add(authority.code)
        for authority in register.authorities.values():
            area = _key(authority.nice_name)
            joins = [n for n, word in enumerate(area) if word in JOINING_WORDS]
            if len(joins) != 1 or joins[0] == 0 or joins[0] == len(area) - 1:
                continue
            before, after = area[: joins[0]], area[joins[0] + 1 :]
            short = after if before == ("kingston",) else before
            if short == after and any(
                words_in_names.get(w, set()) - {authority.code} for w in after
            ):
                continue  # 'Thames' is in two councils' names
            if any(word != w and word.startswith(w) for word in words_in_names for w in short):
                continue  # 'Richmond' would be read in 'Richmondshire' too: ambiguous
            self._add_area_forms(short, authority.code)

    def _add_initialisms(self, register: CouncilRegister) -> None:
        """A council written as the initials of its area's name, three words or more, always
        followed by 'Council' ("BCP Council", "RCT Council", "NPT Council"); initials two
        councils share are ambiguous, never matched."""
        for authority in register.authorities.values():
            words = [w for w in _key(authority.nice_name) if w not in SMALL_WORDS]
            if len(words) >= 3:
                self._add(("".join(w[0] for w in words), "council"), TIER_FORM, authority.code)

    def _add_area_forms(self, area: tuple[str, ...], code: str) -> None:
        if not area:
            return
        if not set(area) <= COMPASS_WORDS:  # "North East" is a region, not its authority
            self._add(area, TIER_BARE, code)
        for suffix in SUFFIXES:
            self._add(area + suffix, TIER_FORM, code)
        for prefix in PREFIXES:
            self._add(prefix + area, TIER_FORM, code)
            self._add(prefix + area + ("council",), TIER_FORM, code)

    def match(self, text: str) -> MatchResult:
        """Every council the text names, in order of first appearance, each once."""
        text = text or ""
        words = TOKEN.findall(text)
        norms = [_NORMS.get(w) or normalise_word(w) for w in words]
        trie = self.trie
        # Most words start no alias: find the few that do before building any spans.
        starts = [i for i, n in enumerate(norms) if n in trie]
        found: dict[str, CouncilMatch] = {}
        ambiguous: list[tuple[str, tuple[str, ...]]] = []
        spans: list[tuple[int, int]] = []
        if not starts:
            return MatchResult([], ambiguous, spans)
        places = None  # character spans of the words, built on the first real hit
        resume = 0
        for i in starts:
            if i < resume:
                continue
            hit = self._longest_at(norms, i)
            if hit is None:
                continue
            key, (tier, codes) = hit
            end = i + len(key)
            resume = end
            if places is None:
                places = [m.span() for m in TOKEN.finditer(text)]
            # "Bolton, Bury and Wigan": a name listed after a council's counts as a name.
            listed = bool(spans) and text[spans[-1][1] : places[i][0]].strip() == ","
            if tier == TIER_BARE and not self._bare_name_counts(
                text, places, words, norms, (i, end), key, listed
            ):
                continue
            start_char, end_char = places[i][0], places[end - 1][1]
            matched = text[start_char:end_char]
            spans.append((start_char, end_char))
            if len(codes) > 1:
                ambiguous.append((matched, tuple(sorted(codes))))
                continue
            code = next(iter(codes))
            if code not in found:
                authority = self.register[code]
                found[code] = CouncilMatch(
                    code, authority.gss_code, authority.official_name, matched, start_char,
                    RULES[tier],
                )  # fmt: skip
        return MatchResult(list(found.values()), ambiguous, spans)

    def _longest_at(self, norms: list[str], i: int):
        node, longest = self.trie, None
        for norm in norms[i:]:
            node = node.get(norm)
            if node is None:
                break
            longest = node.get(None, longest)
        return (longest, self.aliases[longest]) if longest else None

    def _bare_name_counts(self, text, places, words, norms, stretch, key, listed) -> bool:
        """A bare area name counts when written as a name of its own, not inside another name.

        Inside another name: a capitalised word joined to it before ("Citizens Advice
        Sheffield", "South Worcestershire"; a sentence's first word does not count), or a run
        of capitalised words after it that names another kind of body ("Kent Fire and
        Rescue", "Lancaster West Neighbourhood Team"). A name may begin with a small word in
        lower case ("the Vale of Glamorgan").
        """
        i, end = stretch
        first = i + (norms[i] in SMALL_WORDS and end - i > 1)
        if not _capitalised(words[first]):
            return False
        if not all(
            _capitalised(w) or n in SMALL_WORDS
            for w, n in zip(words[i:end], norms[i:end], strict=True)
        ):
            return False

        def joined(a: int, b: int) -> bool:  # only spaces, no line break, between two words
            gap = text[places[a][1] : places[b][0]]
            return gap.strip() == "" and "\n" not in gap

        if i > 0 and joined(i - 1, i) and _capitalised(words[i - 1]):
            if norms[i - 1] in COMPASS_WORDS:  # "South Worcestershire" is another area
                return False
            if norms[i - 1] not in SMALL_WORDS and not self._sentence_start(text, places, i - 1):
                return False
        j = end
        while j < len(words) and j < end + 8 and joined(j - 1, j):
            if norms[j] in NOT_AUTHORITY_AFTER and _capitalised(words[j]):
                return False
            if norms[j] in NOT_AUTHORITY_AFTER_ANY_CASE:
                return False
            if norms[j : j + 2] == ["town", "council"]:  # a town council is not a principal one
                return False
            if not (_capitalised(words[j]) or norms[j] in SMALL_WORDS):
                # "Leeds City region", "the North East partnership": lower case, still a name.
                if j < len(words) and norms[j] in NOT_AUTHORITY_AFTER_ANY_CASE:
                    return False
                break
            j += 1
        if any(
            norms[k] in NOT_AUTHORITY_BEFORE and _capitalised(words[k])
            for k in range(max(i - 2, 0), i)
        ):
            return False
        if key in COMMON_WORD_AREAS:
            # "Reading", "Hart", "Bury" are words too: count them in a place-like position only.
            after = text[places[end - 1][1] :].lstrip()[:1]
            listed = listed or (after == "," and end < len(words) and _capitalised(words[end]))
            return (i > 0 and norms[i - 1] in PLACE_WORDS) or after == ":" or listed
        return True

    @staticmethod
    def _sentence_start(text: str, places, k: int) -> bool:
        before = text[: places[k][0]].rstrip()
        return not before or before[-1] in ".:;!?\"'‘“(–-"


def match_councils(texts: list[str], matcher: CouncilMatcher) -> list[dict]:
    """For each text: {"text", "councils": [{"code", "gss_code", "name", "matched_text"}]}."""
    out = []
    for text in texts:
        result = matcher.match(text)
        councils = [asdict(m) for m in result.councils]  # with the span's start and the rule
        out.append({"text": text, "councils": councils})
    return out


def to_json_lines(results: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in results)
