"""Demo data: every app with a `demo.py` module adds its part of the two seed stories.

Apps are loaded in INSTALLED_APPS order, which is also the order of their dependencies.
"""

import importlib
import importlib.util

from django.apps import apps
from django.db import transaction


def demo_modules():
    for app in apps.get_app_configs():
        if not app.name.startswith("shabaka."):
            continue
        name = f"{app.name}.demo"
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


def load_all(stdout) -> None:
    # One transaction: a loader that fails leaves the database as it was.
    with transaction.atomic():
        for module in demo_modules():
            stdout.write(f"demo: {module.__name__}")
            module.load(stdout=stdout)
