from pathlib import Path

import pytest

from quoteattr.extract import extract
from quoteattr.articles import make_article
from quoteattr.nlp import load_model
from quoteattr.parties import default_kb

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp():
    return load_model()


@pytest.fixture(scope="session")
def attribute(nlp):
    """Attributed quotes of a text, as dicts."""
    def run(text, date=None, kb=None):
        article = make_article(text, "test.txt", date=date)
        [(_, quotes)] = list(extract([article], nlp, kb or default_kb()))
        return [q.to_dict() for q in quotes]
    return run
