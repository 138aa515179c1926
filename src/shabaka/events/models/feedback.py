"""A short evaluation of an event by its participants. The link to the respondent is kept only
so that one participant answers once; it is shown to platform administrators and nobody else."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shabaka.events.models.event import Event

# (field, question) pairs: every rating is from 1 (poor) to 5 (excellent).
RATING_QUESTIONS = [
    ("relevance", _("How relevant was the event to your work?")),
    ("content", _("How useful were the content and the materials?")),
    ("facilitation", _("How good was the facilitation?")),
    ("organisation", _("How well was the event organised?")),
]

_RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    respondent = models.OneToOneField(
        "events.Participation", on_delete=models.CASCADE, related_name="feedback"
    )
    relevance = models.PositiveSmallIntegerField(validators=_RATING)
    content = models.PositiveSmallIntegerField(validators=_RATING)
    facilitation = models.PositiveSmallIntegerField(validators=_RATING)
    organisation = models.PositiveSmallIntegerField(validators=_RATING)
    comment = models.TextField(_("comments"), blank=True)
    # The day only: a precise time could tell who answered.
    submitted_on = models.DateField(auto_now_add=True)

    SENSITIVITY = {"comment": "restricted"}  # shabaka.core.sensitivity

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance__gte=1, relevance__lte=5)
                & Q(content__gte=1, content__lte=5)
                & Q(facilitation__gte=1, facilitation__lte=5)
                & Q(organisation__gte=1, organisation__lte=5),
                name="events_feedback_ratings_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback #{self.pk} — {self.event}"
