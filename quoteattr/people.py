"""Whether two attributions name one person, from their speaker ids and, as a fallback, their names.

Speaker ids are the first word: the identity pass makes them one id per person across the
corpus. Until a corpus has been through it (or where it left two ids apart), two full names
with the same first and last word ("Donald J. Trump", "Donald Trump") are read as one person;
a surname alone ("Trump", "Clinton") never is, since it may be anyone of that family.
"""
from __future__ import annotations

import re
import unicodedata

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_key(name: str | None) -> str | None:
    """``first|last`` of a full name (folded, initials and suffixes dropped); None for one word."""
    if not name:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z][a-z'-]*", folded) if w not in _SUFFIXES]
    words = [w for w in words if len(w) > 1] or words
    if len(words) < 2:
        return None
    return f"{words[0]}|{words[-1]}"


def person_key(speaker_id: str | None, name: str | None) -> str | None:
    """The key two attributions of one person share: the name key when there is one, else the id."""
    return name_key(name) or speaker_id


def same_person(id_a: str | None, name_a: str | None, id_b: str | None, name_b: str | None) -> bool:
    if id_a and id_a == id_b:
        return True
    key_a, key_b = name_key(name_a), name_key(name_b)
    return key_a is not None and key_a == key_b


def _last_word(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z][a-z'-]*", folded) if w not in _SUFFIXES]
    return words[-1] if words else ""


def may_be_same_person(id_a: str | None, name_a: str | None, id_b: str | None, name_b: str | None) -> bool:
    """One person, or a surname that may be the other's ("Trump" beside "Donald Trump")."""
    if same_person(id_a, name_a, id_b, name_b):
        return True
    if not name_a or not name_b or (name_key(name_a) and name_key(name_b)):
        return False
    return _last_word(name_a) == _last_word(name_b) != ""
