"""Full-text search over proposals with Swedish stemming.

SQLite: an FTS5 table `proposal_fts` holds the title and body stemmed by the
Snowball Swedish stemmer (app.core.search); queries are stemmed the same way.
PostgreSQL: `to_tsvector('swedish', title || ' ' || body)` with a GIN index
(created by the migration), queried with the same expression.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, literal_column, select, text

from app.core import search as swedish
from app.extensions import db
from app.proposals.models import Proposal

FTS_TABLE = "proposal_fts"


def _is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _document():
    return func.to_tsvector(literal_column("'swedish'"),
                            Proposal.title + literal_column("' '") + Proposal.body)


def index_proposal(proposal: Proposal) -> None:
    if _is_postgres():
        return
    content = swedish.stemmed_text(f"{proposal.title} {proposal.body}")
    db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"),  # noqa: S608
                       {"id": proposal.id})
    db.session.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, content) VALUES (:id, :content)"),  # noqa: S608
                       {"id": proposal.id, "content": content})


def forget_removed_text() -> None:
    """Merge the SQLite index so that words of replaced text are gone from it too,
    not only marked as deleted (used when a moderator redacts a passage)."""
    if _is_postgres():
        return
    db.session.execute(text(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')"))  # noqa: S608


def matches(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause for proposals containing every word of the query."""
    if _is_postgres():
        if not swedish.words(query):
            return None
        return _document().op("@@")(func.plainto_tsquery(literal_column("'swedish'"), query))
    fts_query = swedish.fts5_all_terms(query)
    if fts_query is None:
        return None
    ids = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts_query))
    return Proposal.id.in_(ids)


def similar(statement: Select, text_to_match: str, limit: int = 5) -> Select | None:
    """Rank proposals sharing stemmed words with the text, most shared first."""
    terms = list(dict.fromkeys(swedish.stems(text_to_match)))[:12]
    if not terms:
        return None
    if _is_postgres():
        tsquery = func.to_tsquery(literal_column("'simple'"), " | ".join(
            term.replace("'", "") for term in terms))
        document = func.to_tsvector(literal_column("'swedish'"),
                                    Proposal.title + literal_column("' '") + Proposal.body)
        rank = func.ts_rank(document, tsquery)
        return (statement.where(document.op("@@")(tsquery))
                .order_by(rank.desc(), Proposal.id.desc()).limit(limit))
    fts_query = " OR ".join(f'"{term}"' for term in terms)
    ranked = (select(literal_column("rowid").label("id"),
                     literal_column(f"bm25({FTS_TABLE})").label("score"))
              .select_from(text(FTS_TABLE))
              .where(text(f"{FTS_TABLE} MATCH :similar_query")
                     .bindparams(similar_query=fts_query))
              .subquery())
    return (statement.join(ranked, ranked.c.id == Proposal.id)
            .order_by(ranked.c.score, Proposal.id.desc()).limit(limit))

