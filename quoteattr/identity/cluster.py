"""Keys into people: one group of keys per person (or organisation, publication, group).

1. The knowledge base's person id is the strongest key: every name carrying it is one person,
   and two ids are never one person.
2. The same full name is one person (unless the knowledge base knows several by it).
3. Name variants join when every name of one group is compatible with every name of the
   other (titles, middle names, initials, nicknames, spelling) and no third group fits too.
4. A name written alone joins a person with that surname only when one person fits the
   article: gender (Mr., Ms.), party, the time they are quoted in, a first name written in the
   article, a shared role; else the one far more quoted then. Names no person fits are one
   speaker across the corpus only when the corpus has nobody else of that surname.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Callable

from ..lexicon import first_name_genders
from ..parties import KnowledgeBase
from ..slugs import slug as _slug
from .keys import Key
from .names import Name, compatible, fold, gender_of, parse_name

WINDOW_DAYS = 730  # a person is a candidate for a name written alone within two years of their quotes
DOMINANT_SHARE = 0.9  # ... or when they have this share of the candidates' quotes
_STRENGTH = {"same name": 3, "middle names": 3}


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


@dataclass
class Candidate:
    """A person (a group of full-name keys) as a name written alone sees them."""

    root: int
    names: dict[str, Name] = field(default_factory=dict)
    person_ids: set[str] = field(default_factory=set)
    quotes: int = 0
    dates: list[str] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def firsts(self) -> set[str]:
        return {n.first for n in self.names.values() if n.first and len(n.first) > 1}

    @property
    def label(self) -> str:
        return max(self.names.values(), key=lambda n: len(n.words)).text


def _strength(how: str) -> int:
    return min((_STRENGTH.get(part.strip(), 1 if "spelling" in part or "nickname" in part else 2)
                for part in how.split(",")), default=3)


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _role_words(role: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", fold(role or "")) if len(w) > 3}


class Clusterer:
    def __init__(self, keys: list[Key], kb: KnowledgeBase, article_text: Callable[[str], str | None]):
        self.keys, self.kb, self.article_text = keys, kb, article_text
        self.uf = UnionFind(len(keys))
        self.kb_terms: dict[str, list] = defaultdict(list)
        for term in kb.speakers:
            self.kb_terms[term.id].append(term)

    def groups(self) -> list[list[int]]:
        self.link_full_names()
        self.link_variants()
        self.resolve_singles()
        found: dict[int, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            if key.kind != "rejected":
                found[self.uf.find(i)].append(i)
        return list(found.values())

    # -- 1, 2: knowledge-base ids and the same full name ---------------------------------------
    def _full(self) -> list[int]:
        return [i for i, k in enumerate(self.keys) if k.kind == "person" and not k.single]

    def link_full_names(self) -> None:
        by_id: dict[str, int] = {}
        by_name: dict[str, list[int]] = defaultdict(list)
        for i in self._full():
            key = self.keys[i]
            if key.person_id:
                self.uf.union(i, by_id.setdefault(key.person_id, i))
            by_name[key.parsed.key].append(i)
        for members in by_name.values():
            ids = {self.keys[i].person_id for i in members if self.keys[i].person_id}
            unknown = [i for i in members if not self.keys[i].person_id]
            if len(ids) == 1:
                anchor = next(i for i in members if self.keys[i].person_id)
                for i in unknown:
                    self.uf.union(i, anchor)
                    self.keys[i].how = f"the same name as the knowledge base's {self.keys[anchor].person_id}"
            else:
                for i in unknown[1:]:
                    self.uf.union(i, unknown[0])
                if len(ids) > 1:
                    for i in unknown:
                        self.keys[i].how = "a name several known people share: kept apart from each"

    # -- 3: name variants -----------------------------------------------------------------------
    def _groups_of(self, members: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for i in members:
            found[self.uf.find(i)].append(i)
        return found

    def _main(self, members: list[int]) -> Name:
        """A group's name: the knowledge base's for its person, else the one most quoted."""
        for i in members:
            pid = self.keys[i].person_id
            if pid and self.kb_terms.get(pid):
                return parse_name(self.kb_terms[pid][0].name)
        counts = Counter()
        for i in members:
            counts[self.keys[i].parsed] += len(self.keys[i].quotes)
        return max(counts, key=lambda n: (counts[n], len(n.words), n.text))

    def _consistent(self, a: list[int], b: list[int]) -> str | None:
        """How groups ``a`` and ``b`` are one person, or None: no two knowledge-base ids, and
        their names compatible."""
        ids = {self.keys[i].person_id for i in a + b if self.keys[i].person_id}
        if len(ids) > 1:
            return None
        main_a, main_b = self._main(a), self._main(b)
        how = compatible(main_a, main_b)
        if how is None and main_a.suffix != main_b.suffix:
            how = self._despite_suffix(a, b, main_a, main_b)
        return how

    def _despite_suffix(self, a: list[int], b: list[int], main_a: Name, main_b: Name) -> str | None:
        """``James B. Comey Jr.`` is ``James B. Comey`` when no article of the suffixed name also
        names someone without it, and the knowledge base does not know one without the other;
        ``Donald Trump Jr.`` is not ``Donald Trump``."""
        if compatible(main_a, main_b, suffixes=False) is None:
            return None
        (suffixed, name), (plain, plain_name) = sorted(((a, main_a), (b, main_b)), key=lambda g: not g[1].suffix)
        if any(self.keys[i].person_id for i in plain) and not any(self.keys[i].person_id for i in suffixed):
            return None
        other = re.compile(rf"\b{re.escape(' '.join(plain_name.words))}\b(?!,?\s+(?:Jr|Sr|II|III|IV)\b)")
        for article in {q.article_id for i in suffixed for q in self.keys[i].quotes}:
            if other.search(self.article_text(article) or ""):
                return None
        return f"the same name with and without '{name.words[-1]}', never two people in one article"

    def link_variants(self) -> None:
        groups = self._groups_of(self._full())
        blocks: dict[str, set[int]] = defaultdict(set)
        for root, members in groups.items():
            for i in members:
                name = self.keys[i].parsed
                blocks[name.surname].add(root)
                blocks[f"{name.first}|{name.surname[:3]}"].add(root)  # a surname misspelt
        links = {}
        for roots in blocks.values():
            for a, b in combinations(sorted(roots), 2):
                if (a, b) not in links:
                    how = self._consistent(groups[a], groups[b])
                    if how is not None:
                        links[a, b] = how
        partners: dict[int, set[int]] = defaultdict(set)
        for a, b in links:
            partners[a].add(b)
            partners[b].add(a)
        size = {root: sum(len(self.keys[i].quotes) for i in members) for root, members in groups.items()}
        ordered = sorted(links.items(), key=lambda item: (-_strength(item[1]), -(size[item[0][0]] + size[item[0][1]]),
                                                         item[0]))
        current = {root: list(members) for root, members in groups.items()}
        for (a, b), how in ordered:
            small, big = sorted((a, b), key=lambda r: (size[r], r))
            rivals = [r for r in partners[small] if r != big and (min(r, big), max(r, big)) not in links]
            if rivals:  # "J. Smith" fits John Smith and Jane Smith: neither
                continue
            ra, rb = self.uf.find(a), self.uf.find(b)
            if ra == rb or self._consistent(current[ra], current[rb]) is None:
                continue
            label = self.keys[groups[big][0]].parsed.text
            for i in groups[small]:
                if not self.keys[i].person_id:
                    self.keys[i].how = f"a variant of '{label}' ({how})"
            merged = current.pop(ra) + current.pop(rb)
            current[self.uf.union(ra, rb)] = merged

    # -- 4: a name written alone ----------------------------------------------------------------
    def _candidates(self) -> dict[str, list[Candidate]]:
        by_surname: dict[str, list[Candidate]] = defaultdict(list)
        for root, members in self._groups_of(self._full()).items():
            c = Candidate(root)
            genders = Counter()
            for i in members:
                key = self.keys[i]
                c.names[key.parsed.key] = key.parsed
                if key.person_id:
                    c.person_ids.add(key.person_id)
                c.quotes += len(key.quotes)
                c.dates += key.dates
                c.parties |= set(key.article_parties)
                c.roles |= {w for q in key.quotes for w in _role_words(q.role)}
                if (g := gender_of(key.parsed)):
                    genders[g] += 1
            for pid in c.person_ids:
                for term in self.kb_terms.get(pid, []):
                    if term.party:
                        c.parties.add(_slug(term.party))
                    c.dates += [d for d in (term.valid_from, term.valid_to) if d]
                    c.gender = c.gender or term.gender
            c.gender = c.gender or (genders.most_common(1)[0][0] if genders else None)
            c.dates.sort()
            for surname in {n.surname for n in c.names.values()}:
                by_surname[surname].append(c)
        return by_surname

    def _fits(self, key: Key, c: Candidate) -> bool:
        gender = key.gender
        if gender and c.gender and gender != c.gender:
            return False
        parties = set(key.article_parties)
        if parties and c.parties and not parties & c.parties:
            return False
        dates = key.dates
        if dates and c.dates:
            date = dates[0]
            if (date < c.dates[0] and _days(date, c.dates[0]) > WINDOW_DAYS) or \
                    (date > c.dates[-1] and _days(date, c.dates[-1]) > WINDOW_DAYS):
                return False
        return True

    def _choose(self, key: Key, fits: list[Candidate]) -> tuple[Candidate | None, str]:
        word = key.parsed.surname.title()
        if len(fits) == 1:
            return fits[0], f"the only {word} in the corpus who fits (gender, party, dates)"
        text = self.article_text(key.article_id) or ""
        full = [c for c in fits if any(re.search(rf"\b{re.escape(n.text)}\b", text) for n in c.names.values())]
        if len(full) == 1:
            return full[0], f"the {word} whose full name the article writes ({full[0].label})"
        named = [c for c in (full or fits) if any(re.search(rf"\b{re.escape(first.title())}\b", text)
                                                  for first in c.firsts)]
        if len(named) == 1:
            return named[0], f"the {word} whose first name the article writes"
        roles = {w for q in key.quotes for w in _role_words(q.role)}
        shared = [c for c in fits if roles & c.roles]
        if roles and len(shared) == 1:
            return shared[0], f"the {word} whose role the article gives ({', '.join(sorted(roles & shared[0].roles))})"
        near = [(c, self._quotes_near(c, key.dates)) for c in fits]
        total = sum(n for _, n in near)
        best, count = max(near, key=lambda item: (item[1], -item[0].root))
        if total and count / total >= DOMINANT_SHARE:
            return best, f"{count} of the {total} quotes of people named {word} at the time are {best.label}'s"
        return None, f"several people named {word} fit ({', '.join(sorted(c.label for c in fits))}): kept apart"

    def _quotes_near(self, c: Candidate, dates: list[str]) -> int:
        if not dates:
            return c.quotes
        return sum(1 for d in c.dates if _days(d, dates[0]) <= WINDOW_DAYS) or (1 if c.person_ids else 0)

    def resolve_singles(self) -> None:
        by_surname = self._candidates()
        alone: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            if not key.single:
                continue
            word = key.parsed.surname
            fits = [c for c in by_surname.get(word, []) if self._fits(key, c)]
            chosen, how = self._choose(key, fits) if fits else (None, "")
            if chosen is not None:
                self.uf.union(i, chosen.root)
                key.how = how
            elif by_surname.get(word):
                key.how = how or f"no {word.title()} of the corpus fits this article: kept apart"
            elif word in first_name_genders():
                key.how = "a first name alone, which may be anyone's: kept to its article"
            else:
                alone[word].append(i)
        for word, members in alone.items():
            # Mr. and Ms. Acosta are two people; a name without a title goes with the more quoted.
            genders = Counter(self.keys[i].gender for i in members if self.keys[i].gender)
            main = genders.most_common(1)[0][0] if genders else None
            for gender in set(genders) | {main}:
                same = [i for i in members if (self.keys[i].gender or main) == gender]
                for i in same:
                    self.uf.union(i, same[0])
                    self.keys[i].how = f"the only {word.title()} in the corpus (nobody else has that surname)"
