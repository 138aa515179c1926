"""Gunicorn's settings for Shabaka, read from the working directory by `gunicorn
shabaka.wsgi:application` (and by `make bench`). Command-line options override them."""

import gc


def post_worker_init(worker):
    # Move what the loaded application holds (modules, settings, URL patterns) out of the
    # garbage collector's reach: a full collection over it paused a worker for about 90 ms every
    # few hundred requests, which set the slowest percentile of every page.
    gc.collect()
    gc.freeze()
