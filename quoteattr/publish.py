"""What the Datasette side needs from the library: metadata for a database file."""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_METADATA = PROJECT_ROOT / "metadata.yml"
METADATA_DATABASE = "quoteattr"


def metadata_dict(db_name: str, metadata_path: str | Path | None = None) -> dict:
    """The project's metadata with its database section keyed by ``db_name``."""
    data = yaml.safe_load(Path(metadata_path or DEFAULT_METADATA).read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    if METADATA_DATABASE in databases and db_name != METADATA_DATABASE:
        databases[db_name] = databases.pop(METADATA_DATABASE)
    return data


def metadata_for(db_path: str | Path, metadata_path: str | Path | None = None) -> Path:
    """A metadata file Datasette can read for ``db_path`` (whatever the file is called)."""
    name = Path(db_path).stem
    if name == METADATA_DATABASE:
        return Path(metadata_path or DEFAULT_METADATA)
    out = Path(tempfile.mkdtemp(prefix="quoteattr-")) / "metadata.yml"
    out.write_text(yaml.safe_dump(metadata_dict(name, metadata_path), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out
