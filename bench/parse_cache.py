"""A spaCy pipeline wrapper that keeps parsed documents on disk, for repeated benchmark runs.

Documents are keyed by a hash of the text spaCy is given (the masked article), so any change
to quote finding or masking parses again, and a change to attribution alone does not.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from spacy.tokens import Doc


class CachingPipeline:
    def __init__(self, nlp, folder: Path):
        self.nlp, self.folder = nlp, Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.key = hashlib.sha1(f"{nlp.meta['name']}-{nlp.meta['version']}-{nlp.pipe_names}".encode()).hexdigest()[:8]

    def __getattr__(self, name):
        return getattr(self.nlp, name)

    def _path(self, text: str) -> Path:
        return self.folder / f"{self.key}-{hashlib.sha1(text.encode('utf-8')).hexdigest()}.doc"

    def _load(self, text: str) -> Doc | None:
        path = self._path(text)
        return Doc(self.nlp.vocab).from_bytes(path.read_bytes()) if path.exists() else None

    def __call__(self, text: str) -> Doc:
        doc = self._load(text)
        if doc is None:
            doc = self.nlp(text)
            self._path(text).write_bytes(doc.to_bytes())
        return doc

    def pipe(self, items, as_tuples: bool = False, **kwargs):
        items = list(items)
        texts = [item[0] if as_tuples else item for item in items]
        docs = [self._load(text) for text in texts]
        missing = [i for i, doc in enumerate(docs) if doc is None]
        kwargs.pop("n_process", None)
        for i, doc in zip(missing, self.nlp.pipe([texts[i] for i in missing], **kwargs)):
            self._path(texts[i]).write_bytes(doc.to_bytes())
            docs[i] = doc
        for item, doc in zip(items, docs):
            yield (doc, item[1]) if as_tuples else doc
