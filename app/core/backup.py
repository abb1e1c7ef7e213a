"""`flask backup create PATH` and `flask backup restore PATH`.

SQLite: `create` copies the database with SQLite's online backup API in one step,
which reads a single snapshot: with the WAL journal the app keeps writing while it
runs, and the copy holds every transaction committed before it started and none
after. The copy is checked (`PRAGMA integrity_check`) and made a single
self-contained file before it gets its name. `restore` copies a backup into the
configured database with the same API, after checking that the file is an
Inflytande backup at the migrations' head, and refuses to overwrite a database
that holds data unless `--force` is given.

PostgreSQL: `create` runs `pg_dump --format=custom` (a consistent snapshot as
well) when pg_dump is installed; restoring is pg_restore's job, as README's
"Backups" section shows, so `restore` refuses with that command.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import URL, make_url

from app.core.database import migration_heads
from app.extensions import db

backup_cli = AppGroup("backup", help="Backups of the database.")

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables the migrations fill by themselves; rows in them do not make a database
# "hold data" for restore's overwrite check.
SEEDED_TABLES = frozenset({"alembic_version", "theme"})
README_HINT = "See README.md, section “Backups”."


class BackupError(click.ClickException):
    pass


def _sqlite_path() -> Path | None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def _check_target(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise BackupError(f"{path} already exists. Choose another name, or give --force "
                          "to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")


# -- create -----------------------------------------------------------------


def create_sqlite_backup(source: Path, target: Path) -> None:
    """Copy the live database at `source` to `target` as one consistent snapshot."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source, timeout=30)) as live, \
                closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)  # all pages in one step: one read transaction
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
            problems = _integrity_problems(copy)
        if problems:
            raise BackupError("The copy did not pass SQLite's integrity check: "
                              + "; ".join(problems[:5]))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def create_postgresql_backup(target: Path) -> None:
    """pg_dump in its custom format, for pg_restore."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump was not found. Install PostgreSQL's client tools "
                          "(Debian: postgresql-client) of the server's version, or run "
                          "pg_dump yourself. " + README_HINT)
    url, env = _libpq_url_and_env()
    partial = target.with_name(f".{target.name}.partial")
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments as a list
            [pg_dump, "--format=custom", "--file", str(partial), "--dbname", url],
            env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _libpq_url_and_env() -> tuple[str, dict[str, str]]:
    """The database URL as libpq reads it; the password goes in the environment, not
    on a command line that other users of the machine can see."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return plain.render_as_string(hide_password=False), env


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
def create_command(path: Path, force: bool) -> None:
    """Write a backup of the database to PATH, while the app keeps running.

    SQLite: a copy of the database file (SQLite's online backup API).
    PostgreSQL: a pg_dump archive in the custom format, restored with pg_restore.
    """
    _check_target(path, force)
    source = _sqlite_path()
    if source is None:
        create_postgresql_backup(path)
    else:
        if not source.exists():
            raise BackupError(f"The database {source} does not exist.")
        create_sqlite_backup(source, path)
    size = path.stat().st_size / 1_000_000
    click.echo(f"Backup written to {path} ({size:.1f} MB).")


# -- restore ------------------------------------------------------------------


def _integrity_problems(connection: sqlite3.Connection) -> list[str]:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_backup(path: Path) -> str:
    """Refuse anything but an undamaged Inflytande backup at the migrations' head;
    return its revision."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database, so not an Inflytande "
                              "backup of one. (A PostgreSQL backup is restored with "
                              "pg_restore.)")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as backup:
        try:
            problems = _integrity_problems(backup)
            tables = _tables(backup)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is damaged: {error}.") from error
        if problems:
            raise BackupError(f"{path} is damaged (SQLite's integrity check: "
                              f"{'; '.join(problems[:5])}).")
        missing = sorted(set(db.metadata.tables) - tables)
        if "alembic_version" not in tables or missing:
            raise BackupError(f"{path} is not an Inflytande backup: it lacks the tables "
                              f"{', '.join(missing[:8]) or 'alembic_version'}.")
        revisions = {row[0] for row in backup.execute("SELECT version_num FROM alembic_version")}
    expected = migration_heads()
    if revisions != expected:
        raise BackupError(
            f"{path} was made at the database revision {', '.join(sorted(revisions)) or '?'}, "
            f"and this version of Inflytande expects {', '.join(sorted(expected))}. "
            "Restore it with the version of Inflytande that made it, then upgrade with "
            "`flask db upgrade`.")
    return next(iter(revisions))


def rows_of_data(path: Path) -> int:
    """Rows in the database's tables, not counting what the migrations put there."""
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        names = (_tables(connection) & set(db.metadata.tables)) - SEEDED_TABLES
        # The names are the models' own tables, not input.
        return sum(connection.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
                   .fetchone()[0] for name in sorted(names))


def restore_sqlite_backup(backup: Path, target: Path) -> None:
    db.engine.dispose()  # this process lets go of the file while it is replaced
    with closing(sqlite3.connect(f"file:{backup}?mode=ro", uri=True)) as source, \
            closing(sqlite3.connect(target, timeout=30)) as live:
        source.backup(live)
        problems = _integrity_problems(live)
    if problems:
        raise BackupError(f"The restored database did not pass SQLite's integrity check: "
                          f"{'; '.join(problems[:5])}")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace the data of a database that is not empty.")
def restore_command(path: Path, force: bool) -> None:
    """Replace the (SQLite) database with the backup at PATH.

    Stop the app first. The backup must come from this version of Inflytande.
    """
    target = _sqlite_path()
    if target is None:
        raise BackupError(
            "On PostgreSQL a backup is restored with pg_restore, e.g. "
            "`pg_restore --clean --if-exists --no-owner --dbname <database> PATH`. "
            + README_HINT)
    revision = check_backup(path)
    if path.resolve() == target.resolve():
        raise BackupError(f"{path} is the database itself.")
    existing = rows_of_data(target)
    if existing and not force:
        raise BackupError(f"The database {target} is not empty ({existing} rows). Restoring "
                          "would replace everything in it. Make a backup of it first; then "
                          "give --force to restore anyway.")
    restore_sqlite_backup(path, target)
    click.echo(f"Restored {path} (revision {revision}) into {target}.")
