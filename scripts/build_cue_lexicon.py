"""Build quoteattr/data/cue_verbs.txt: verbs that introduce reported speech, from WordNet 3.0.

    apt-get install wordnet-base
    python scripts/build_cue_lexicon.py [/usr/share/wordnet] > quoteattr/data/cue_verbs.txt

A verb is a cue when its most frequent sense is a communication verb (WordNet's lexicographer
file verb.communication), or when one of its three most frequent senses is a communication verb
that takes a clause ("Somebody ----s that CLAUSE", WordNet's verb frame 26). Multi-word verbs are
left out. WordNet 3.0 is (c) 2006 Princeton University, under the WordNet 3.0 licence, which
allows use, copying and redistribution with its notice; the notice heads the output file.
"""
from __future__ import annotations

import sys
from pathlib import Path

COMMUNICATION = 32  # lexicographer file number of verb.communication
THAT_CLAUSE = 26  # verb frame "Somebody ----s that CLAUSE"
NOTICE = """# Verbs that introduce reported speech, derived from WordNet 3.0 by scripts/build_cue_lexicon.py.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. (WordNet 3.0 licence: use, copy, modify
# and distribute for any purpose, with this notice.)"""


def synsets(folder: Path) -> dict[str, tuple[int, set[int]]]:
    """offset -> (lexicographer file, verb frames) for every verb synset."""
    found = {}
    for line in (folder / "data.verb").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        parts = line.split("|")[0].split()
        n_words = int(parts[3], 16)
        k = 4 + 2 * n_words
        k += 1 + 4 * int(parts[k])
        frames = set()
        if k < len(parts) and parts[k].isdigit():
            for i in range(int(parts[k])):
                frames.add(int(parts[k + 2 + 3 * i]))
        found[parts[0]] = (int(parts[1]), frames)
    return found


def cue_verbs(folder: Path) -> list[str]:
    senses = synsets(folder)
    cues = []
    for line in (folder / "index.verb").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        parts = line.split()
        lemma, offsets = parts[0], parts[-int(parts[2]):]
        if "_" in lemma or "-" in lemma:
            continue
        ranked = [senses[o] for o in offsets]
        if ranked[0][0] == COMMUNICATION or any(lex == COMMUNICATION and THAT_CLAUSE in frames
                                                for lex, frames in ranked[:3]):
            cues.append(lemma)
    return sorted(cues)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    print(NOTICE)
    for lemma in cue_verbs(folder):
        print(lemma)


if __name__ == "__main__":
    main()
