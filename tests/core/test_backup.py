"""`shabaka backup` then `shabaka restore` into an empty database gives back every table and
every uploaded file. Runs on the engine the suite runs on (SQLite or PostgreSQL)."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection


def shabaka(*args, env, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "shabaka", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"shabaka {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def site_env(data_dir: Path, database_url: str | None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "shabaka.settings",
            "SHABAKA_DATA_DIR": str(data_dir),
            "DEBUG": "1",
        }
    )
    env["MEDIA_ROOT"] = str(data_dir / "media")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def every_table(env) -> list:
    dumped = shabaka("dumpdata", "--natural-foreign", "--exclude=sessions", env=env).stdout
    return sorted(json.dumps(row, sort_keys=True) for row in json.loads(dumped))


def files(root: Path) -> dict:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def databases():
    """Two empty databases of the suite's engine: (url of the original, url of the copy)."""
    if connection.vendor == "sqlite":
        yield None, None
        return
    names = [f"shabaka_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    settings_db = connection.settings_dict
    host, port = settings_db["HOST"] or "127.0.0.1", settings_db["PORT"] or 5432
    base = f"postgres://{settings_db['USER']}@{host}:{port}"
    import psycopg

    def admin():
        return psycopg.connect(
            host=settings_db["HOST"] or "127.0.0.1",
            port=settings_db["PORT"] or 5432,
            user=settings_db["USER"],
            dbname="postgres",
            autocommit=True,
        )

    with admin() as server:
        for name in names:
            server.execute(f'CREATE DATABASE "{name}"')
    yield tuple(f"{base}/{name}" for name in names)
    with admin() as server:
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_backup_then_restore_into_an_empty_database_keeps_every_table_and_file(tmp_path, databases):
    original_url, copy_url = databases
    original = site_env(tmp_path / "original", original_url)
    shabaka("migrate", "--no-input", env=original)
    shabaka("demo", env=original)
    upload = tmp_path / "original" / "media" / "documents" / "abc" / "تقرير.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 backup test")
    made = shabaka("backup", "--output", str(tmp_path / "backups"), env=original).stdout
    archive = Path(made.strip().rsplit(" ", 1)[-1])
    assert archive.exists() and archive.name.endswith(".tar.gz")

    copy = site_env(tmp_path / "copy", copy_url)
    shabaka("restore", str(archive), env=copy)
    assert every_table(copy) == every_table(original)
    assert len(every_table(copy)) > 10
    assert files(tmp_path / "copy" / "media") == files(tmp_path / "original" / "media")

    refused = shabaka("restore", str(archive), env=copy, check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr


def test_restore_refuses_a_missing_archive(tmp_path):
    env = site_env(tmp_path, None)
    result = shabaka("restore", str(tmp_path / "nope.tar.gz"), env=env, check=False)
    assert result.returncode != 0 and "No such backup" in result.stderr
