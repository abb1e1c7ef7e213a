"""Swedish word stemming shared by the search indexes.

PostgreSQL's `to_tsvector('swedish', …)` uses the Snowball Swedish stemmer and
stop-word list; SQLite's FTS5 index is fed text stemmed here with the same
stemmer and list, so a query finds the same rows on both databases.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "swedish_stopwords.txt"
    return frozenset(
        line.strip() for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str | None) -> list[str]:
    if not text:
        return []
    return [w for w in _WORD.findall(text.lower()) if w not in stop_words()]


def stems(text: str | None) -> list[str]:
    return [stem(w) for w in words(text)]


def stemmed_text(text: str | None) -> str:
    return " ".join(stems(text))


def fts5_all_terms(text: str | None, limit: int = 12) -> str | None:
    """An FTS5 query matching rows that contain every stemmed term."""
    terms = list(dict.fromkeys(stems(text)))[:limit]
    if not terms:
        return None
    return " ".join(f'"{term}"' for term in terms)


def fts5_any_terms(text: str | None, limit: int = 12) -> str | None:
    """An FTS5 query matching rows that contain any of the stemmed terms."""
    terms = list(dict.fromkeys(stems(text)))[:limit]
    if not terms:
        return None
    return " OR ".join(f'"{term}"' for term in terms)
