"""Helpers for the demo data loaders (each app's `demo.py` has a `load(stdout)` function)."""

import importlib

from django.conf import settings
from django.db import transaction


def load_all(stdout) -> None:
    # One transaction: a loader that fails leaves the database as it was.
    with transaction.atomic():
        for dotted in settings.SHABAKA_DEMO_LOADERS:
            module = importlib.import_module(dotted)
            stdout.write(f"demo: {dotted}")
            module.load(stdout=stdout)
