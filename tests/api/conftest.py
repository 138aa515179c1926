import pytest


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over():
    """Failed-token counts live in the cache: each test starts from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
