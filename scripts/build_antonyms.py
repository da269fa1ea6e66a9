"""Build quoteattr/data/conflicts/antonyms.tsv: pairs of words of opposite meaning, from WordNet 3.0.

    apt-get install wordnet-base
    python scripts/build_antonyms.py [/usr/share/wordnet] > quoteattr/data/conflicts/antonyms.tsv

WordNet marks direct antonyms between two word senses (pointer ``!``: rise/fall, win/lose,
accept/reject, increase/decrease, legal/illegal). A pair is kept when each sense is among its
word's three most frequent senses, so rare readings ("rise" as a baker's dough) do not make
everyday words opposites; multi-word lemmas are left out. Each line is ``word<TAB>antonym<TAB>pos``
(v, a, n, r), both directions. The conflict signals read it beside the curated stances in
quoteattr/data/conflicts/opposites.tsv and stances.tsv. WordNet 3.0 is (c) 2006 Princeton University, under the
WordNet 3.0 licence, which allows use, copying and redistribution with its notice; the notice
heads the output file.
"""
from __future__ import annotations

import sys
from pathlib import Path

NOTICE = """# Antonyms derived from WordNet 3.0 by scripts/build_antonyms.py (word, antonym, part of speech).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. (WordNet 3.0 licence: use, copy, modify
# and distribute for any purpose, with this notice.)"""
FILES = {"v": "verb", "a": "adj", "n": "noun", "r": "adv"}
TOP_SENSES = 3


def sense_rank(folder: Path, pos: str) -> dict[tuple[str, str], int]:
    """(lemma, synset offset) -> the sense's rank for the lemma (0 = most frequent)."""
    ranks = {}
    for line in (folder / f"index.{FILES[pos]}").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        parts = line.split()
        n_senses = int(parts[2])
        for rank, offset in enumerate(parts[-n_senses:]):
            ranks[(parts[0], offset)] = rank
    return ranks


def antonym_pairs(folder: Path, pos: str) -> set[tuple[str, str]]:
    ranks = sense_rank(folder, pos)
    synset_words: dict[str, list[str]] = {}
    pointers: list[tuple[str, int, str, int]] = []
    for line in (folder / f"data.{FILES[pos]}").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        parts = line.split("|")[0].split()
        offset, n_words = parts[0], int(parts[3], 16)
        words = [parts[4 + 2 * i].lower().split("(")[0] for i in range(n_words)]
        synset_words[offset] = words
        k = 4 + 2 * n_words
        for i in range(int(parts[k])):
            symbol, target, _, source_target = parts[k + 1 + 4 * i: k + 5 + 4 * i]
            if symbol == "!":
                pointers.append((offset, int(source_target[:2], 16), target, int(source_target[2:], 16)))
    pairs = set()
    for offset, source, target, target_word in pointers:
        if target not in synset_words or not source or not target_word:
            continue
        word, antonym = synset_words[offset][source - 1], synset_words[target][target_word - 1]
        if "_" in word or "_" in antonym or "-" in word or "-" in antonym:
            continue
        if ranks.get((word, offset), TOP_SENSES) < TOP_SENSES and ranks.get((antonym, target), TOP_SENSES) < TOP_SENSES:
            pairs.add((word, antonym))
            pairs.add((antonym, word))
    return pairs


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    print(NOTICE)
    for pos in FILES:
        for word, antonym in sorted(antonym_pairs(folder, pos)):
            print(f"{word}\t{antonym}\t{pos}")


if __name__ == "__main__":
    main()
