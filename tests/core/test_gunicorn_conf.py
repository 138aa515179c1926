"""gunicorn.conf.py, which `gunicorn` reads from the checkout (and `make bench` uses)."""

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_the_loaded_application_out_of_the_collector():
    hooks = runpy.run_path(str(CONF))
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000  # the modules and settings loaded so far
    finally:
        gc.unfreeze()
