"""Model base: naming convention for constraints and UTC timestamps."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, MetaData, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores UTC and always hands back an aware datetime.

    SQLite drops the offset on the way in, so values are normalised to UTC
    before writing and tagged as UTC after reading, on every database.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class HideableMixin:
    """Content a moderator can hide with a reason (shown in its place)."""

    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def render_migration_item(type_, obj, autogen_context):
    """Write UTCDateTime into migrations as the plain column type it stores as."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Search structures that live outside the ORM metadata: SQLite's FTS5 table
# (and its shadow tables) and PostgreSQL's expression index. Migrations create
# them; autogenerate must not try to drop them.
UNMANAGED_PREFIXES = ("proposal_fts",)
UNMANAGED_INDEXES = {"ix_proposal_search_swedish"}


def only_on(dialect: str, index: Index) -> Index:
    """An index built on one database only: `create_all` and the migrations
    skip it elsewhere, and so does the comparison of models and schema."""
    index.info["only_on"] = dialect
    return index.ddl_if(dialect=dialect)


def include_in_autogenerate(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith(UNMANAGED_PREFIXES):
        return False
    if type_ == "index" and not reflected and obj.info.get("only_on") not in (
            None, _autogenerate_dialect()):
        return False
    return not (type_ == "index" and name in UNMANAGED_INDEXES)


def _autogenerate_dialect() -> str:
    # Autogenerate runs in the app context, against the app's database.
    from app.extensions import db

    return db.engine.dialect.name
