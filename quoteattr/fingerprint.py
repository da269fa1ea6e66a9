"""The extractor version stored with each article: which code, data and model produced its quotes.

A re-ingest processes an article again when its stored version differs from the running one,
so new extraction code or a new model never leaves old quotes behind. Computed without
importing spaCy, so a run with nothing to do stays cheap.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path
from typing import Iterable

from .nlp import model_candidates

# The code and data whose change changes what extraction finds.
EXTRACTION_FILES = ("quotes.py", "lexicon.py", "parties.py", "places.py", "nlp.py", "extract.py",
                    "attribution/*.py")


def extractor_version(model_name: str | None = None, kb_files: Iterable[str] = ()) -> str:
    """``quoteattr-version+fingerprint`` of the extraction code, its data, the model and extra KB files."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = [path for pattern in EXTRACTION_FILES for path in sorted(package.glob(pattern))]
    files += sorted(p for p in (package / "data").iterdir() if p.suffix in (".csv", ".txt", ".json"))
    for path in files:
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    digest.update(_model_fingerprint(model_name).encode())
    for kb_file in kb_files:
        digest.update(Path(kb_file).read_bytes())
    try:
        version = importlib.metadata.version("quoteattr")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{digest.hexdigest()[:12]}"


def _model_fingerprint(name: str | None) -> str:
    """The model that :func:`load_model` would load, with its installed version, without loading it."""
    for candidate in model_candidates(name):
        if Path(candidate).exists():
            meta = Path(candidate) / "meta.json"
            return candidate + (hashlib.sha256(meta.read_bytes()).hexdigest() if meta.exists() else "")
        if importlib.util.find_spec(candidate) is not None:
            try:
                return f"{candidate}=={importlib.metadata.version(candidate)}"
            except importlib.metadata.PackageNotFoundError:
                return candidate
    return "|".join(model_candidates(name))
