from django.db import models


class Generation(models.Model):
    """A number per kind of record (an app's label), raised after every committed write to a
    record of that kind. Cached pages are keyed by these numbers, so a write makes every page
    cached before it unreachable. Kept in the database, not in a process's memory, so that every
    app process sees the same numbers, atomically raised, with or without Redis."""

    kind = models.CharField(max_length=64, primary_key=True)
    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.kind} #{self.number}"
