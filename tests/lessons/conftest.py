"""Lessons are indexed: their tests use search's index fixtures (one index directory per test)."""
from tests.search.conftest import _close_searchers, apply, search_index  # noqa: F401
