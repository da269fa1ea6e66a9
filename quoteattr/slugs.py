"""Ids from names: ``Bharatiya Janata Party`` -> ``bharatiya-janata-party``."""
from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"
