"""Keys into people: one group of keys per person (or organisation, publication, group).

1. The knowledge base's person id is the strongest key: every name carrying it is one person,
   and two ids are never one person.
2. The same full name is one person (unless the knowledge base knows several by it).
3. Name variants join when every name of one group is compatible with every name of the
   other (titles, middle names, initials, nicknames, spelling) and no third group fits too.
4. A name written alone joins a person with that surname only when one person fits the
   article (``surnames``).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from typing import Callable

from ..parties import KnowledgeBase
from .keys import Key
from .names import Name, compatible, parse_name
from .surnames import SurnameResolver

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

def _strength(how: str) -> int:
    return min((_STRENGTH.get(part.strip(), 1 if "spelling" in part or "nickname" in part else 2)
                for part in how.split(",")), default=3)



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
        SurnameResolver(self.keys, self.kb_terms, self.article_text, self.uf,
                        self._groups_of(self._full())).resolve()
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
