"""Reviewers' corrections of identity: merge two speakers, split an alias off, set or end a
party term. Each is stored in ``speaker_corrections`` (action, payload, actor, UTC time) and
re-applied, in order, by every identity run: a re-ingest never undoes it.

A correction names the identity keys it was about (see ``identity_keys``), so it still means
the same people when new quotes arrive and ids move.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from ..articles import parse_date

ACTIONS = ("merge", "split", "set_party", "end_party")


@dataclass(frozen=True)
class Correction:
    id: int
    action: str
    payload: dict
    actor_id: str
    at: str


def stored_corrections(db: sqlite_utils.Database) -> list[Correction]:
    return [Correction(r["id"], r["action"], json.loads(r["payload"]), r["actor_id"], r["at"])
            for r in db.query("select * from speaker_corrections order by id")]


def _keys_of(db: sqlite_utils.Database, speaker_id: str) -> list[dict]:
    keys = list(db.query("select key, name from identity_keys where speaker_id = ? order by key", [speaker_id]))
    if not keys:
        raise ValueError(f"no speaker {speaker_id!r}")
    return keys


def _date(value: str | None, what: str) -> str | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _record(db: sqlite_utils.Database, action: str, payload: dict, actor_id: str) -> int:
    if not actor_id:
        raise ValueError("a correction needs a signed-in reviewer")
    at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return db["speaker_corrections"].insert(
        {"action": action, "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True), "actor_id": actor_id,
         "at": at}).last_pk


def record_merge(db: sqlite_utils.Database, speaker_id: str, into_id: str, actor_id: str) -> int:
    """``speaker_id`` is the same person as ``into_id``: all of it goes under ``into_id``."""
    if speaker_id == into_id:
        raise ValueError("a speaker cannot be merged into itself")
    keys, into = _keys_of(db, speaker_id), _keys_of(db, into_id)
    names = {r["id"]: r["name"] for r in db.query("select id, name from speakers where id in (?, ?)", [speaker_id, into_id])}
    return _record(db, "merge", {"speaker": speaker_id, "into": into_id, "keys": [k["key"] for k in keys],
                                 "into_keys": [k["key"] for k in into],
                                 "names": [names.get(speaker_id), names.get(into_id)]}, actor_id)


def record_split(db: sqlite_utils.Database, speaker_id: str, alias: str, actor_id: str) -> int:
    """The quotes under the name ``alias`` are someone else's: they become their own speaker."""
    keys = _keys_of(db, speaker_id)
    chosen = [k["key"] for k in keys if k["name"] == alias]
    if not chosen:
        raise ValueError(f"{alias!r} is not a name {speaker_id} is quoted under")
    if len(chosen) == len(keys):
        raise ValueError(f"every quote of {speaker_id} is under {alias!r}: nothing would be left to split from")
    return _record(db, "split", {"speaker": speaker_id, "alias": alias, "keys": chosen}, actor_id)


def record_party_term(db: sqlite_utils.Database, speaker_id: str, party: str, valid_from: str | None,
                      valid_to: str | None, actor_id: str, note: str = "") -> int:
    """The speaker was in ``party`` (an id or a name) from ``valid_from`` to ``valid_to`` (open ends allowed)."""
    keys = _keys_of(db, speaker_id)
    row = db.execute("select id from parties where id = ? or lower(name) = lower(?) or lower(abbreviation) = lower(?)",
                     [party, party, party]).fetchone()
    if row is None:
        raise ValueError(f"no party {party!r}")
    start, end = _date(valid_from, "from"), _date(valid_to, "to")
    if start and end and end < start:
        raise ValueError(f"the term ends ({end}) before it starts ({start})")
    return _record(db, "set_party", {"speaker": speaker_id, "keys": [k["key"] for k in keys], "party_id": row[0],
                                     "valid_from": start, "valid_to": end, "note": note}, actor_id)


def record_term_end(db: sqlite_utils.Database, speaker_id: str, term_id: str, valid_to: str, actor_id: str,
                    note: str = "") -> int:
    """The speaker's party term ``term_id`` ended on ``valid_to``."""
    keys = _keys_of(db, speaker_id)
    term = db.execute("select party_id, valid_from from party_terms where id = ? and speaker_id = ?",
                      [term_id, speaker_id]).fetchone()
    if term is None:
        raise ValueError(f"no party term {term_id!r} of {speaker_id}")
    end = _date(valid_to, "end")
    if end is None:
        raise ValueError("give the date the term ended")
    if term[1] and end < term[1]:
        raise ValueError(f"the term began on {term[1]}, after {end}")
    return _record(db, "end_party", {"speaker": speaker_id, "keys": [k["key"] for k in keys], "party_id": term[0],
                                     "valid_from": term[1], "valid_to": end, "note": note}, actor_id)


def apply_to_groups(groups: list[list], corrections: list[Correction]) -> tuple[list[list], dict[int, str]]:
    """Merges and splits applied in order to groups of keys (objects with ``sig`` and ``name``).

    Returns the new groups and the speaker id a merge asks each group to keep.
    """
    group_of = {key.sig: i for i, members in enumerate(groups) for key in members}
    members = {i: list(g) for i, g in enumerate(groups)}
    keep: dict[int, str] = {}
    for c in corrections:
        if c.action == "merge":
            into = Counter(group_of[s] for s in c.payload["into_keys"] if s in group_of)
            found = {group_of[s] for s in c.payload["keys"] + c.payload["into_keys"] if s in group_of}
            if not into or len(found) < 1:
                continue
            target = into.most_common(1)[0][0]
            for g in found - {target}:
                for key in members.pop(g, []):
                    key.how = f"merged by {c.actor_id} (correction {c.id})"
                    group_of[key.sig] = target
                    members[target].append(key)
                keep.pop(g, None)
            keep[target] = c.payload["into"]
        elif c.action == "split":
            sigs = set(c.payload["keys"])
            sources = {group_of[s] for s in sigs if s in group_of}
            moving = [k for g in sources for k in members[g] if k.sig in sigs or k.name == c.payload["alias"]]
            if not moving:
                continue
            new = max(members) + 1
            for key in moving:
                members[group_of[key.sig]].remove(key)
                key.how = f"split off as '{c.payload['alias']}' by {c.actor_id} (correction {c.id})"
                group_of[key.sig] = new
            members[new] = moving
    kept = {i: g for i, g in members.items() if g}
    order = sorted(kept)
    return [kept[i] for i in order], {order.index(i): sid for i, sid in keep.items() if i in kept}
