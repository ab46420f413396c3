"""Shared pytest setup: the in-repo `wick` package and the public `.pte` corpus."""

import pathlib
import sys

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS_DIR = (REPO_ROOT / ".." / "shared" / "pte-corpus").resolve()

sys.path.insert(0, str(REPO_ROOT / "python"))


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> pathlib.Path:
    """The read-only conformance corpus at <repo>/../shared/pte-corpus."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"pte corpus not found at {CORPUS_DIR} (it lives beside the repo in shared/)")
    return CORPUS_DIR
