"""Group repeated statements across articles with rapidfuzz, in near-linear time.

Three steps: quotes with the same normalised text share a statement at once; other
pairs are proposed only when they share one of each other's rarest words
(blocking); rapidfuzz then scores the proposed pairs. Near-identical variants join
on ``ratio``; a fragment joins a longer quote of the same speaker on
``partial_ratio``. A negation or number guard keeps "we will raise taxes" apart
from "we will not raise taxes", and "40 seats" apart from "10 seats", whatever
the scores say.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable, Iterator, Sequence

import sqlite_utils
from rapidfuzz import fuzz

NEGATIONS = frozenset("""
not no never nor neither nobody nothing none nowhere cannot without
wont dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt hasnt havent hadnt
mustnt neednt aint
""".split())
NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million billion trillion lakh lakhs crore crores half dozen
""".split())
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those we you he she they i our your their his her them us me my will would shall
should can could may might must do does did have has had not no so than then there here all any
""".split())

_APOSTROPHE_RE = re.compile(r"(?<=\w)['\u2019](?=\w)")
_NON_WORD_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class DedupeOptions:
    """Thresholds (0-100, rapidfuzz scale) and blocking limits."""

    ratio: float = 90.0  # near-identical variants
    partial_ratio: float = 95.0  # a fragment inside a longer quote of the same speaker
    min_fragment_words: int = 3  # shorter fragments never join by containment
    rare_tokens: int = 6  # each quote is blocked under every pair of its rarest words
    max_block: int = 200  # a pair shared by more quotes than this is too common to block on


@dataclass(frozen=True)
class QuoteText:
    id: str
    text: str
    speaker: str | None = None


@functools.lru_cache(maxsize=1 << 16)  # conflict scoring reads each statement many times
def normalise(text: str) -> str:
    """Case, quote marks, apostrophes, punctuation and spacing folded away."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _APOSTROPHE_RE.sub("", text)
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def guard_features(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Negations and numbers: two texts that differ here never merge."""
    negations = tuple(sorted(w for w in words if w in NEGATIONS))
    numbers = tuple(sorted(w for w in words if w in NUMBER_WORDS or w[:1].isdigit()))
    return negations, numbers


def _window_words(longer: str, start: int, end: int) -> list[str]:
    """The whole words of ``longer`` that the characters start..end touch."""
    while start > 0 and longer[start - 1] != " ":
        start -= 1
    while end < len(longer) and longer[end] != " ":
        end += 1
    return longer[start:end].split()


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def is_variant(a: str, b: str, options: DedupeOptions = DedupeOptions()) -> bool:
    """Two normalised texts are wordings of one statement: same text, or near-identical and guarded."""
    if a == b:
        return True
    # ratio <= 200 * shorter / (sum of lengths): skip pairs whose lengths alone rule it out.
    if 200 * min(len(a), len(b)) < options.ratio * (len(a) + len(b)):
        return False
    return fuzz.ratio(a, b, score_cutoff=options.ratio) >= options.ratio and guard_features(a.split()) == guard_features(b.split())


def is_fragment_of(short: str, long_: str, options: DedupeOptions = DedupeOptions()) -> bool:
    """``short`` is quoted in part from ``long_``, and the part says the same (negations, numbers)."""
    if len(short.split()) < options.min_fragment_words or len(short) >= len(long_):
        return False
    if short in long_:
        start = long_.find(short)
        window = _window_words(long_, start, start + len(short))
    else:
        alignment = fuzz.partial_ratio_alignment(short, long_, score_cutoff=options.partial_ratio)
        if alignment is None:
            return False
        window = _window_words(long_, alignment.dest_start, alignment.dest_end)
    return guard_features(short.split()) == guard_features(window)


def same_statement(a: str, b: str, speaker_a, speaker_b, options: DedupeOptions = DedupeOptions()) -> bool:
    """Whether two normalised texts are the same statement (the pair rule, unblocked)."""
    if is_variant(a, b, options):
        return True
    if speaker_a and speaker_b and speaker_a != speaker_b:
        return False
    short, long_ = sorted((a, b), key=len)
    return is_fragment_of(short, long_, options)


def group(quotes: Sequence[QuoteText], options: DedupeOptions = DedupeOptions(),
          existing: Sequence[str | None] | None = None) -> list[int]:
    """A group number per quote (the index of the group's first quote).

    With ``existing`` (each quote's stored statement id, None for a new quote) the stored
    groups are kept as they are and only pairs involving a new text are compared: the
    incremental run after an ingest. Without it, every pair in a block is compared.
    """
    n = len(quotes)
    norms = [normalise(q.text) for q in quotes]
    uf = _UnionFind(n)

    seeded = 0
    if existing is not None:
        first_of_statement: dict[str, int] = {}
        for i, sid in enumerate(existing):
            if sid is not None:
                uf.union(i, first_of_statement.setdefault(sid, i))
                seeded += 1
    first_by_text: dict[str, int] = {}
    old_text: set[str] = set()
    for i, text in enumerate(norms):
        j = first_by_text.setdefault(text, i)
        if j != i:
            uf.union(i, j)
        if existing is not None and existing[i] is not None:
            old_text.add(text)
    reps = list(first_by_text.values())
    # Speakers of every quote of a text: a fragment joins a text any of whose quotes is by its speaker.
    speakers_of: dict[int, set] = defaultdict(set)
    for i, text in enumerate(norms):
        speakers_of[first_by_text[text]].add(quotes[i].speaker)
    # A text already stored has been compared with everything stored: only new texts are compared now.
    active = None if existing is None else {i for i in reps if norms[i] not in old_text}
    if active is not None and not active:
        return [uf.find(i) for i in range(n)]
    lengths = [len(t) for t in norms]
    fragment_links: dict[int, set[int]] = defaultdict(set)
    stored_size: dict[int, int] = defaultdict(int)
    if existing is not None:
        for i in range(n):
            if existing[i] is not None:
                stored_size[uf.find(i)] += 1

    def consider(i: int, j: int) -> None:
        if uf.find(i) == uf.find(j):
            return
        # ratio <= 200 * shorter / (sum of lengths): lengths alone rule most candidates out.
        if 200 * min(lengths[i], lengths[j]) >= options.ratio * (lengths[i] + lengths[j]) and is_variant(norms[i], norms[j], options):
            uf.union(i, j)
        elif None in speakers_of[i] or None in speakers_of[j] or not speakers_of[i].isdisjoint(speakers_of[j]):
            short, long_ = sorted((i, j), key=lambda k: len(norms[k]))
            # A stored fragment already grouped with others stays where it is.
            if active is not None and short not in active and stored_size[uf.find(short)] > 1:
                return
            if is_fragment_of(norms[short], norms[long_], options):
                fragment_links[short].add(long_)

    for members in _blocks(reps, norms, options):
        if active is None:
            for a, b in combinations(members, 2):
                consider(int(a), int(b))
        else:
            members = members.tolist()
            if active.isdisjoint(members):
                continue
            for a, b in combinations(members, 2):
                if a in active or b in active:
                    consider(a, b)

    # A fragment never bridges two statements: it joins the largest one it is quoted from.
    sizes: dict[int, int] = defaultdict(int)
    for i in range(n):
        sizes[uf.find(i)] += 1
    for short in sorted(fragment_links, key=lambda k: -len(norms[k])):
        targets = {uf.find(j) for j in fragment_links[short]} - {uf.find(short)}
        if targets:
            best = max(targets, key=lambda g: (sizes[g], -g))
            size = sizes[uf.find(short)] + sizes[best]
            uf.union(short, best)
            sizes[uf.find(short)] = size
    return [uf.find(i) for i in range(n)]


def _blocks(reps: list[int], norms: list[str], options: DedupeOptions) -> Iterator["np.ndarray"]:
    """Groups of quotes sharing a pair of their rarest words.

    A pair of rare words co-occurs almost only within one statement, so blocks stay
    small however large the corpus grows. A one-word change keeps at least
    ``rare_tokens - 1`` of the rarest words, so variants always share a pair.
    """
    import numpy as np

    words_of = {i: {w for w in norms[i].split() if w not in STOPWORDS} or set(norms[i].split()) for i in reps}
    frequency = Counter(w for words in words_of.values() for w in words)
    word_ids = {w: k for k, w in enumerate(frequency)}
    width = len(word_ids) + 1
    keys, owners = [], []
    for i in reps:
        rarest = sorted(words_of[i], key=lambda w: (frequency[w], w))[: options.rare_tokens]
        ids = sorted(word_ids[w] for w in rarest)
        for a, b in combinations(ids, 2):
            keys.append(a * width + b)
            owners.append(i)
        if len(ids) == 1:
            keys.append(ids[0] * width + ids[0])
            owners.append(i)
    keys_array, owners_array = np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int64)
    order = np.argsort(keys_array, kind="stable")
    keys_array, owners_array = keys_array[order], owners_array[order]
    starts = np.flatnonzero(np.r_[True, keys_array[1:] != keys_array[:-1]])
    ends = np.r_[starts[1:], len(keys_array)]
    for start, end in zip(starts, ends):
        if 1 < end - start <= options.max_block:
            yield owners_array[start:end]


def statement_id(member_ids: Iterable[str]) -> str:
    """A statement's id: derived from its earliest-created member, so it never changes later."""
    return "st-" + hashlib.sha1(min(member_ids).encode("utf-8")).hexdigest()[:12]


def _statement_rows(quotes: list[dict]) -> dict:
    dates = sorted(q["date"] for q in quotes if q["date"])
    speakers = sorted({q["speaker_name"] for q in quotes if q["speaker_name"]})
    complete = [q for q in quotes if not q["is_fragment"]] or quotes
    canonical = max(complete, key=lambda q: (len(q["text"]), q["id"]))
    return {
        "canonical_text": canonical["text"],
        "speakers": json.dumps(speakers, ensure_ascii=False),
        "n_speakers": len(speakers),
        "speaker_conflict": int(len({q["speaker_id"] for q in quotes if q["speaker_id"]}) > 1),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "n_quotes": len(quotes),
        "n_articles": len({q["article_id"] for q in quotes}),
        "n_sources": len({q["source"] for q in quotes}),
    }


_QUOTE_QUERY = ("select q.id, q.text, q.speaker_id, q.speaker_name, q.statement_id, q.date, q.is_fragment, "
                "q.article_id, a.source from quotes q join articles a on a.id = q.article_id")


def dedupe_database(db: sqlite_utils.Database, options: DedupeOptions = DedupeOptions(), full: bool = False) -> tuple[int, int]:
    """Give every quote a statement; returns (statements, quotes given a new statement).

    By default only quotes without a statement (new since the last run) are grouped, against
    everything stored; nothing pending costs one indexed lookup. ``full`` regroups every quote
    (new thresholds). A statement keeps its id as quotes join it; when quotes bridge two
    statements, the merged statement keeps the older (smaller) id.
    """
    if not full and db.execute("select 1 from quotes where statement_id is null limit 1").fetchone() is None:
        return db.execute("select count(*) from statements where n_quotes > 0").fetchone()[0], 0
    rows = list(db.query(_QUOTE_QUERY + " order by q.id"))
    existing = None if full else [r["statement_id"] for r in rows]
    groups = group([QuoteText(r["id"], r["text"], r["speaker_id"]) for r in rows], options, existing)
    members: dict[int, list[dict]] = defaultdict(list)
    for row, g in zip(rows, groups):
        members[g].append(row)
    if full:
        assigned = _assign_full(members)
    else:
        assigned = {}
        for quotes in members.values():
            if any(q["statement_id"] is None for q in quotes) or len({q["statement_id"] for q in quotes}) > 1:
                kept = sorted({q["statement_id"] for q in quotes if q["statement_id"]})
                assigned[kept[0] if kept else statement_id(q["id"] for q in quotes)] = quotes
    changed = [(sid, q["id"]) for sid, quotes in assigned.items() for q in quotes if q["statement_id"] != sid]
    before = {q["statement_id"] for quotes in assigned.values() for q in quotes if q["statement_id"]}
    if full:
        before = {r[0] for r in db.execute("select id from statements")}
    with db.atomic():
        if changed:
            db.conn.executemany("update quotes set statement_id = ? where id = ?", changed)
        _write_statements(db, {sid: _statement_rows(quotes) for sid, quotes in assigned.items()})
        retire_statements(db, before - set(assigned))
    return db.execute("select count(*) from statements where n_quotes > 0").fetchone()[0], len(changed)


def _assign_full(members: dict[int, list[dict]]) -> dict[str, list[dict]]:
    """Statement ids for a full regrouping: an id stays with the group holding most of its quotes."""
    claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for g, quotes in members.items():
        for sid, count in Counter(q["statement_id"] for q in quotes if q["statement_id"]).items():
            claims[sid].append((count, -g))
    owner = {sid: -max(c)[1] for sid, c in claims.items()}
    assigned = {}
    for g, quotes in members.items():
        kept = sorted(sid for sid, o in owner.items() if o == g and sid in {q["statement_id"] for q in quotes})
        assigned[kept[0] if kept else statement_id(q["id"] for q in quotes)] = quotes
    return assigned


def _write_statements(db: sqlite_utils.Database, rows: dict[str, dict]) -> None:
    """Upsert statement rows that changed; each changed statement waits for its conflict check."""
    if not rows:
        return
    stored = {}
    ids = list(rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        stored.update({r["id"]: r for r in db.query(
            f"select * from statements where id in ({', '.join('?' * len(chunk))})", chunk)})
    fresh = [{"id": sid, **row} for sid, row in rows.items() if stored.get(sid) != {"id": sid, **row}]
    if fresh:
        db["statements"].upsert_all(fresh, pk="id")
        db.conn.executemany("insert or ignore into pending_conflict_checks (statement_id) values (?)", [[r["id"]] for r in fresh])


def refresh_statements(db: sqlite_utils.Database, statement_ids: Iterable[str]) -> None:
    """Recompute statements after some of their quotes were removed (an article changed)."""
    rows: dict[str, dict] = {}
    empty = set()
    for sid in statement_ids:
        quotes = list(db.query(_QUOTE_QUERY + " where q.statement_id = ?", [sid]))
        if quotes:
            rows[sid] = _statement_rows(quotes)
        else:
            empty.add(sid)
    _write_statements(db, rows)
    retire_statements(db, empty)


def retire_statements(db: sqlite_utils.Database, statement_ids: Iterable[str]) -> None:
    """Remove statements that lost all their quotes; one a review refers to stays, with 0 quotes.

    Unreviewed suggestions about them go; a reviewed or hand-flagged conflict keeps its statements
    so no review ever loses what it was about.
    """
    for sid in statement_ids:
        db.execute("delete from pending_conflict_checks where statement_id = ?", [sid])
        db.execute("""
            delete from conflicts where origin = 'suggested' and (statement_a = ? or statement_b = ?)
            and id not in (select conflict_id from conflict_reviews)
        """, [sid, sid])
        if db.execute("select 1 from conflicts where statement_a = ? or statement_b = ? limit 1", [sid, sid]).fetchone():
            db.execute("update statements set n_quotes = 0, n_articles = 0, n_sources = 0 where id = ?", [sid])
        else:
            db.execute("delete from statements where id = ?", [sid])
