"""`flask backup create` copies a running SQLite database consistently (and runs
pg_dump on PostgreSQL); `flask backup restore` brings a backup into an empty
instance, refusing anything that is not a current Inflytande backup and any
database that holds data unless told with --force."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.core.database import migration_heads
from app.extensions import db
from app.proposals.models import Comment, Proposal
from tests.conftest import _empty_tables
from tests.support.apps import separate_app


def _database_file(app: Flask) -> Path | None:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    return Path(url.database) if url.get_backend_name() == "sqlite" else None


@pytest.fixture
def sqlite_source(app) -> Path:
    path = _database_file(app)
    if path is None:
        pytest.skip("SQLite backups are tested in the SQLite suite")
    return path


def run(app: Flask, *args: str):
    """The command as `flask --app app backup …` runs it, on the given app."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["backup", *args])


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every table of a SQLite file (the search index's included), rows sorted."""
    with closing(sqlite3.connect(path)) as connection:
        names = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        # The names come from the file's own catalogue.
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"')  # noqa: S608
                             .fetchall(), key=repr)
                for name in names}


# -- create ------------------------------------------------------------------------


def test_a_backup_made_while_the_app_writes_is_consistent(app, sqlite_source, pf, tmp_path):
    proposal = pf.proposal()
    proposal_id = proposal.id
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def write_comments() -> None:
        # Each comment and its counter change in one transaction, as the app does.
        from tests.factories import user
        from tests.proposal_factories import comment

        try:
            with app.app_context():
                author = user()
                target = db.session.get(Proposal, proposal_id)
                while not stop.is_set():
                    comment(target, author)
                    written.append(1)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    writer = threading.Thread(target=write_comments)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        result = run(app, "create", str(tmp_path / "backup.db"))
        during = len(written)
        while len(written) < during + 20:  # the app kept writing after it, too
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join(timeout=30)

    assert failures == []
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    with closing(sqlite3.connect(tmp_path / "backup.db")) as backup:
        assert backup.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        counter, = backup.execute("SELECT comment_count FROM proposal WHERE id = ?",
                                  (proposal_id,)).fetchone()
        comments, = backup.execute("SELECT count(*) FROM comment").fetchone()
        revision, = backup.execute("SELECT version_num FROM alembic_version").fetchone()
    assert counter == comments >= 20
    assert comments < len(written)  # a snapshot: what came after is not in it
    assert {revision} == migration_heads()
    assert not list(tmp_path.glob(".*partial"))


def test_create_will_not_replace_a_file_without_force(app, sqlite_source, tmp_path):
    target = tmp_path / "backup.db"
    target.write_bytes(b"an older backup")

    refused = run(app, "create", str(target))
    assert refused.exit_code == 1
    assert "already exists" in refused.output
    assert target.read_bytes() == b"an older backup"

    assert run(app, "create", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_create_names_a_missing_folder(app, sqlite_source, tmp_path):
    result = run(app, "create", str(tmp_path / "no-such-folder" / "backup.db"))
    assert result.exit_code == 1
    assert "does not exist" in result.output


# -- restore ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_master(app, tmp_path_factory) -> tuple[Path, dict[str, list[tuple]]]:
    """Once per module: the demo municipality loaded into the session's database,
    backed up, and every table's rows as they were; the database is emptied
    again afterwards like after any test."""
    source = _database_file(app)
    if source is None:
        pytest.skip("SQLite backups are tested in the SQLite suite")
    path = tmp_path_factory.mktemp("demo") / "demo-backup.db"
    with app.app_context():
        loaded = app.test_cli_runner().invoke(args=["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        db.session.remove()
        result = run(app, "create", str(path))
        assert result.exit_code == 0, result.output
        snapshot = rows(source)
        _empty_tables()
        db.session.remove()
    return path, snapshot


@pytest.fixture
def demo_backup(demo_master, tmp_path) -> Path:
    """This test's own copy of the demo backup."""
    path = tmp_path / "demo-backup.db"
    shutil.copy(demo_master[0], path)
    return path


@pytest.fixture
def source_rows(demo_master) -> dict[str, list[tuple]]:
    """The backed-up database's rows, read from it when the backup was made."""
    return demo_master[1]


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory) -> Path:
    """A database after `flask db upgrade`, made once per module."""
    path = tmp_path_factory.mktemp("migrated") / "inflytande.db"
    with separate_app(f"sqlite:///{path}", upgrade=True):
        pass
    return path


@pytest.fixture
def empty_instance(tmp_path, migrated_file):
    """A new installation: `flask db upgrade` done, nothing entered yet."""
    (tmp_path / "new").mkdir()
    path = tmp_path / "new" / "inflytande.db"
    shutil.copy(migrated_file, path)
    with separate_app(f"sqlite:///{path}") as fresh:
        yield fresh


def test_restore_into_an_empty_instance_brings_back_every_table(
        source_rows, demo_backup, empty_instance):
    result = run(empty_instance, "restore", str(demo_backup))

    assert result.exit_code == 0, result.output
    restored_path = _database_file(empty_instance)
    source, restored = source_rows, rows(restored_path)
    assert set(restored) == set(source)
    for table in source:
        assert restored[table] == source[table], f"table {table} differs"
    assert len(source["proposal"]) == 41 and len(source["support"]) > 1000

    # The restored instance serves its data.
    client = empty_instance.test_client()
    with empty_instance.app_context():
        reference = db.session.scalar(select(Proposal.reference).order_by(Proposal.id))
        comments = db.session.scalar(select(func.count(Comment.id)))
    assert comments == len(source["comment"])
    assert client.get("/").status_code == 200
    assert client.get(f"/forslag/{reference}").status_code == 200
    assert client.get("/forslag?q=cykel").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_restore_refuses_a_database_with_data_unless_forced(
        source_rows, demo_backup, empty_instance):
    with empty_instance.app_context():
        from tests.factories import user

        user(email="already-here@example.org")
        db.session.remove()

    refused = run(empty_instance, "restore", str(demo_backup))
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
    with closing(sqlite3.connect(_database_file(empty_instance))) as target:
        assert target.execute("SELECT email FROM user_account").fetchall() == [
            ("already-here@example.org",)]

    forced = run(empty_instance, "restore", str(demo_backup), "--force")
    assert forced.exit_code == 0, forced.output
    restored = rows(_database_file(empty_instance))
    assert restored["user_account"] == source_rows["user_account"]


def test_restore_creates_the_database_when_there_is_none_yet(
        source_rows, demo_backup, tmp_path):
    with separate_app(f"sqlite:///{tmp_path / 'bare.db'}") as bare:
        result = run(bare, "restore", str(demo_backup))
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "bare.db")["proposal"] == source_rows["proposal"]


def _older_revision(backup: Path, tmp_path: Path) -> Path:
    older = tmp_path / "older.db"
    shutil.copy(backup, older)
    with closing(sqlite3.connect(older)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0011_answers'")
        connection.commit()
    return older


def _not_inflytande(_backup: Path, tmp_path: Path) -> Path:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    return other


def _damaged(backup: Path, tmp_path: Path) -> Path:
    damaged = tmp_path / "damaged.db"
    data = bytearray(backup.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xff" * (4096 * 3)  # overwrite pages past the header
    damaged.write_bytes(bytes(data))
    return damaged


def _text_file(_backup: Path, tmp_path: Path) -> Path:
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    return text


@pytest.mark.parametrize(("make_file", "says"), [
    (_older_revision, "0011_answers"),
    (_not_inflytande, "not an Inflytande backup"),
    (_damaged, "damaged"),
    (_text_file, "not a SQLite database"),
    (lambda _backup, tmp_path: tmp_path / "missing.db", "does not exist"),
])
def test_restore_refuses_what_is_not_a_current_inflytande_backup(
        demo_backup, empty_instance, tmp_path, make_file, says):
    before = rows(_database_file(empty_instance))

    result = run(empty_instance, "restore", str(make_file(demo_backup, tmp_path)))

    assert result.exit_code == 1
    assert says in result.output
    assert rows(_database_file(empty_instance)) == before


# -- PostgreSQL ---------------------------------------------------------------------


def test_on_postgresql_create_runs_pg_dump(app, tmp_path, pf):
    if _database_file(app) is not None:
        pytest.skip("pg_dump is tested in the PostgreSQL suite")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore are not installed (Debian: postgresql-client)")
    pf.proposal(title="Säkerhetskopierat förslag")
    archive = tmp_path / "inflytande.dump"

    result = run(app, "create", str(archive))

    assert result.exit_code == 0, result.output
    assert archive.read_bytes().startswith(b"PGDMP")
    listing = subprocess.run(["pg_restore", "--list", str(archive)], capture_output=True,
                             text=True, check=True).stdout
    assert "TABLE public proposal " in listing
    assert "TABLE DATA public proposal " in listing
    data = subprocess.run(["pg_restore", "--data-only", "--table=proposal", "--file=-",
                           str(archive)], capture_output=True, text=True, check=True).stdout
    assert "Säkerhetskopierat förslag" in data


def test_on_postgresql_restore_points_to_pg_restore(tmp_path):
    with separate_app("postgresql+psycopg://nobody@127.0.0.1:1/none") as postgres:
        result = run(postgres, "restore", str(tmp_path / "inflytande.dump"))
    assert result.exit_code == 1
    assert "pg_restore --clean --if-exists --no-owner" in result.output
    assert "README" in result.output


def test_without_pg_dump_create_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with separate_app("postgresql+psycopg://nobody@127.0.0.1:1/none") as postgres:
        result = run(postgres, "create", str(tmp_path / "inflytande.dump"))
    assert result.exit_code == 1
    assert "pg_dump was not found" in result.output
    assert "postgresql-client" in result.output
    assert not (tmp_path / "inflytande.dump").exists()
