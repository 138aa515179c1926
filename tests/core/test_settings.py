"""Settings come from the environment; a production start without a key fails clearly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "SITE_URL",
        }
    }
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "shabaka.settings",
            "SHABAKA_DATA_DIR": str(tmp_path / "data"),
            "SITE_URL": "https://shabaka.example.org",
        }
    )
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=base,
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run_python(SETUP + "print('started')", tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG off" in result.stderr


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = run_python(SETUP + "print(settings.SECRET_KEY)", tmp_path, DEBUG="1")
    second = run_python(SETUP + "print(settings.SECRET_KEY)", tmp_path, DEBUG="1")
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50
    assert second.stdout.strip() == key
    assert (tmp_path / "data" / "secret_key").read_text().strip() == key


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "key.txt"
    secret.write_text("from-a-file-" + "x" * 50 + "\n")
    result = run_python(
        SETUP + "print(settings.SECRET_KEY)", tmp_path, DEBUG="0", SECRET_KEY_FILE=str(secret)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file-" + "x" * 50


def test_database_url_selects_postgresql(tmp_path):
    code = (
        SETUP
        + "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    )
    result = run_python(
        code, tmp_path, DATABASE_URL="postgres://someone@db.example:5433/shabaka_prod"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "shabaka_prod",
        "db.example",
        "5433",
    ]


def test_sqlite_is_the_default_in_wal_mode_with_immediate_transactions(tmp_path):
    code = SETUP + (
        "from django.db import connection; d = settings.DATABASES['default']; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(d['ENGINE'], d['OPTIONS']['transaction_mode'], c.fetchone()[0])"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE", "wal"]


def test_a_malformed_boolean_names_the_variable(tmp_path):
    result = run_python(SETUP, tmp_path, DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.parametrize("extra", [{}, {"SECURE_PROXY_SSL_HEADER": "1"}])
def test_deploy_check_passes_with_production_settings(tmp_path, extra):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-production-key-that-is-long-and-random-" + "k3Y" * 20,
        "ALLOWED_HOSTS": "shabaka.example.org",
        **extra,
    }
    code = (
        "import sys; from shabaka.__main__ import main; "
        "sys.argv = ['shabaka', 'check', '--deploy', '--fail-level', 'WARNING']; main()"
    )
    result = run_python(code, tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_start_without_site_url_fails_clearly(tmp_path):
    """Links in emails are built from SITE_URL: left at its default they would point at the
    administrator's own machine."""
    result = run_python(
        SETUP + "print('started')",
        tmp_path,
        DEBUG="0",
        SECRET_KEY="k" * 60,
        SITE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr
    assert "started" not in result.stdout
