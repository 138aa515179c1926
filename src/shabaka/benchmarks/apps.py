from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The benchmark's synthetic data (`shabaka bench_data`) and its two reference views. It
    sits above the domain apps (it writes their records), so nothing imports it."""

    name = "shabaka.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
