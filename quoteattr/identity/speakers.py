"""Groups of keys into speakers: a stable id, a canonical name, aliases, a role, party terms.

Ids are stable: a group keeps the id most of its quotes were stored under (the previous run's
``identity_keys``, else the quotes' own ``speaker_id``), a merge keeps the id it was merged
into, and only a new group gets a new id, the slug of its canonical name. The canonical name is
the knowledge base's when it knows the person, else the fullest form the articles use most.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..parties import KnowledgeBase, KnownSpeaker
from .corrections import Correction
from .history import Term, end_term, party_history, party_on, reviewer_term
from .keys import Key, QuoteInput
from .names import leading_non_name, role_before_name


@dataclass
class SpeakerRecord:
    keys: list[Key]
    kind: str = "person"
    name: str = ""
    id: str = ""
    person_id: str | None = None
    role: str | None = None
    terms: list[Term] = field(default_factory=list)

    @property
    def quotes(self) -> list[QuoteInput]:
        return [q for k in self.keys for q in k.quotes]

    @property
    def n_quotes(self) -> int:
        return sum(len(k.quotes) for k in self.keys)

    def aliases(self) -> Counter:
        """Every form of the speaker's name seen, with the number of quotes whose article uses it."""
        counts: Counter = Counter()
        for key in self.keys:
            for q in key.quotes:
                # the name as identity read it ("Clinton", not the parse's "A Clinton")
                forms = {_form(f) for f in (q.name_forms or ()) if len(f.strip(".")) > 1} | {key.name or q.alias}
                counts.update(forms)
        return counts

    def party_on(self, q: QuoteInput) -> str | None:
        return party_on(self.terms, q.date, q.article_party or (q.party_id if q.date else None))

    def current_party(self) -> str | None:
        if self.terms:
            return party_on(self.terms, None, None)
        parties = Counter(q.party_id for q in self.quotes if q.party_id)
        return parties.most_common(1)[0][0] if parties else None


def _form(form: str) -> str:
    """A name form without what the parse glued to it: "A Clinton" (an article, "A Clinton aide
    said"), "Asserting Clinton" (a verb), "State Hillary Clinton" (a role's last word)."""
    form = leading_non_name(form) or role_before_name(form) or form
    return form[2:] if re.fullmatch(r"A [A-Z][\w'\u2019-]+", form) else form


def _kind(keys: list[Key]) -> str:
    kinds = Counter()
    for key in keys:
        kinds[key.kind] += len(key.quotes)
    return "person" if kinds["person"] else kinds.most_common(1)[0][0]


def _canonical(record: SpeakerRecord, people: dict[str, list[KnownSpeaker]]) -> str:
    ids = Counter()
    for key in record.keys:
        if key.person_id and key.person_id in people:
            ids[key.person_id] += len(key.quotes)
    if ids:
        record.person_id = ids.most_common(1)[0][0]
        return people[record.person_id][0].name
    forms = Counter()
    for key in record.keys:
        if key.kind == record.kind:
            forms[key.name] += len(key.quotes)
    full = {f: n for f, n in forms.items() if len(f.split()) > 1} if record.kind == "person" else {}
    pool = full or forms
    return max(pool, key=lambda f: (pool[f], len(f.split()), len(f), f))


def _role(record: SpeakerRecord, people: dict[str, list[KnownSpeaker]]) -> str | None:
    roles = Counter(q.role for q in record.quotes if q.role and len(q.role) > 3)
    if roles:
        return max(roles, key=lambda r: (roles[r], r))
    if record.person_id:
        rows = people[record.person_id]
        latest = max(rows, key=lambda r: (r.valid_from or "", r.valid_to or "9999"))
        return latest.role
    return None


def assign_ids(records: list[SpeakerRecord], previous: dict[str, str], keep: dict[int, str], slug) -> None:
    """Each record's id: the one a merge asks for, else the one most of its quotes had, else new."""
    taken: set[str] = set()
    for i, sid in keep.items():
        records[i].id = sid
        taken.add(sid)
    votes = []
    for i, record in enumerate(records):
        if record.id:
            continue
        counts = Counter()
        for key in record.keys:
            for q in key.quotes:
                if (old := previous.get(key.sig) or previous.get(q.id)):
                    counts[old] += 1
        votes += [(-n, sid, i) for sid, n in counts.items()]
    for _, sid, i in sorted(votes):
        if not records[i].id and sid not in taken:
            records[i].id = sid
            taken.add(sid)
    fresh = [r for r in records if not r.id]
    for record in sorted(fresh, key=lambda r: (-r.n_quotes, r.name, min(k.sig for k in r.keys))):
        base = slug(record.name)
        if record.kind == "anonymous":
            base = "anonymous-" + base
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        record.id = candidate
        taken.add(candidate)


def build_speakers(groups: list[list[Key]], keep: dict[int, str], kb: KnowledgeBase, previous: dict[str, str],
                   corrections: list[Correction], slug) -> list[SpeakerRecord]:
    people: dict[str, list[KnownSpeaker]] = {}
    for row in kb.speakers:
        people.setdefault(row.id, []).append(row)
    # A speaker merged into another by a reviewer is known by the name the other had then.
    merged_names = {c.payload["into"]: c.payload["names"][1] for c in corrections
                    if c.action == "merge" and c.payload.get("names") and c.payload["names"][1]}
    records = []
    for i, keys in enumerate(groups):
        record = SpeakerRecord(keys, _kind(keys))
        record.name = _canonical(record, people)
        if keep.get(i) in merged_names:
            record.name = merged_names[keep[i]]
        record.role = _role(record, people)
        records.append(record)
    assign_ids(records, previous, keep, slug)
    by_id = {r.id: r for r in records}
    for record in records:
        rows = [row for pid in {k.person_id for k in record.keys if k.person_id} for row in people.get(pid, [])]
        record.terms = party_history(rows, record.quotes, slug)
    for c in corrections:
        if c.action not in ("set_party", "end_party"):
            continue
        record = by_id.get(c.payload["speaker"]) or _holding(records, c.payload["keys"])
        if record is None:
            continue
        p = c.payload
        evidence = f"{'set' if c.action == 'set_party' else 'ended'} by {c.actor_id} on {c.at[:10]}" + \
            (f": {p['note']}" if p.get("note") else "")
        if c.action == "set_party":
            record.terms = reviewer_term(record.terms, p["party_id"], p["valid_from"], p["valid_to"], evidence)
        else:
            record.terms = end_term(record.terms, p["party_id"], p["valid_from"], p["valid_to"], evidence)
    return records


def _holding(records: list[SpeakerRecord], sigs: list[str]) -> SpeakerRecord | None:
    wanted = set(sigs)
    best = max(records, key=lambda r: sum(k.sig in wanted for k in r.keys), default=None)
    return best if best is not None and any(k.sig in wanted for k in best.keys) else None
