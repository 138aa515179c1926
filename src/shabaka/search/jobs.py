"""Rebuilding the search index as a background job with progress."""

from django.utils.translation import gettext_lazy as _

from shabaka.jobs import registry

REBUILD = "search.rebuild"


def run_rebuild(job, progress) -> dict:
    from shabaka.search.services import rebuild_index

    def report(kind, n, count):
        progress.beat()

    # The index is dropped and rebuilt in one transaction, so searches during the rebuild see
    # the old index, never half of the new one.
    with progress.unit():
        total = rebuild_index(progress=report)
    return {"lines": [str(_("%(n)s records indexed.") % {"n": total})], "indexed": total}


def register() -> None:
    registry.register(
        registry.JobKind(name=REBUILD, label=_("Search index rebuild"), run=run_rebuild)
    )
