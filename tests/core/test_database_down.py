"""The site answers 503 with a clear page while the database is down, and recovers.

The database is a PostgreSQL address whose port first has nothing listening (closed), then a
small TCP relay to the real server: the shared server itself is never stopped.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading

import pytest

PG_HOST, PG_PORT = "127.0.0.1", 5432

CHILD = r"""
import sys, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client(raise_request_exception=False)
def show(path, **kw):
    r = client.post(path, kw) if kw else client.get(path)
    unavailable = "temporarily unavailable" in r.content.decode()
    print(path, r.status_code, r.get("Retry-After", "-"), unavailable)
show("/accounts/sign-in/", username="a@example.org", password="x")
show("/healthz")
sys.stdout.flush()
input()  # the parent opens the relay, then lets us go on
show("/healthz")
"""


def _relay(listener: socket.socket, stop: threading.Event):
    def pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.close()

    listener.settimeout(0.2)
    while not stop.is_set():
        try:
            client, _ = listener.accept()
        except TimeoutError:
            continue
        upstream = socket.create_connection((PG_HOST, PG_PORT))
        threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_503_while_the_database_is_down_then_recovery(tmp_path):
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=2).close()
    except OSError:
        pytest.fail("This test needs PostgreSQL on 127.0.0.1:5432 (.ci/run starts it).")
    port = _free_port()  # nothing listens here yet: the database is "down"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shabaka.settings",
        "SHABAKA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/postgres?connect_timeout=3",
        # Production settings (a debug server would show a traceback instead); plain HTTP.
        "DEBUG": "0",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "0",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        down_page = child.stdout.readline().split()
        down_health = child.stdout.readline().split()
        assert down_page == ["/accounts/sign-in/", "503", "30", "True"]
        assert down_health[:2] == ["/healthz", "503"]

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen()
        stop = threading.Event()
        relay = threading.Thread(target=_relay, args=(listener, stop), daemon=True)
        relay.start()
        child.stdin.write("\n")
        child.stdin.flush()
        back = child.stdout.readline().split()
        assert back[:2] == ["/healthz", "200"]
    finally:
        child.kill()
        child.wait(timeout=30)
        if "stop" in locals():
            stop.set()
            # The relay leaves accept() within its 0.2 s timeout; closing the listener under it
            # made the thread fail with "Bad file descriptor".
            relay.join(timeout=5)
            listener.close()
