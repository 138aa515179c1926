"""Consistent backups and restores: the database (SQLite online backup API, or pg_dump's
custom format on PostgreSQL) and the uploaded files, in one .tar.gz with a manifest."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).")
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup(output_dir: Path) -> Path:
    """Writes shabaka-<UTC timestamp>.tar.gz into output_dir and returns its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = output_dir / f"shabaka-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        engine = _engine()
        if engine == "sqlite":
            database_file = work / "database.sqlite3"
            connection.ensure_connection()
            # The online backup API copies a consistent snapshot while the site keeps running.
            with sqlite3.connect(database_file) as copy:
                connection.connection.backup(copy)
            copy.close()
        elif engine == "postgresql":
            database_file = work / "database.pgdump"
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={database_file}",
                ]
            )
        else:
            raise BackupError(f"Backups are not supported on {engine}.")
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": stamp,
            "database": database_file.name,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = target.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(database_file, arcname=database_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, arcname="media")
        partial.rename(target)  # never a half-written archive under the final name
    return target


def database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    try:
        return not get_user_model().objects.exists()
    except Exception:  # no tables yet
        return True


def restore(archive_path: Path, *, force: bool = False) -> dict:
    if not archive_path.exists():
        raise BackupError(f"No such backup: {archive_path}")
    if not force and not database_is_empty():
        raise BackupError(
            "The database is not empty. Restore into an empty database, or pass --force."
        )
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # refuses absolute paths and "..": no escape
        manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        engine = _engine()
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; this site runs on {engine}."
            )
        database_file = work / manifest["database"]
        if engine == "sqlite":
            connections.close_all()
            target = settings.DATABASES["default"]["NAME"]
            with sqlite3.connect(database_file) as source, sqlite3.connect(target) as dest:
                source.backup(dest)
            source.close()
            dest.close()
        else:
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    f"--dbname={_pg_env()['PGDATABASE']}",
                    str(database_file),
                ]
            )
        media_backup = work / "media"
        if media_backup.exists():
            media = Path(settings.MEDIA_ROOT)
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media_backup, media, dirs_exist_ok=True)
    return manifest
