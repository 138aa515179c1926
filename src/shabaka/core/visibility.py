"""Who may see a record: the three levels every visible record carries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone, without an account")
    MEMBERS = "members", _("Members: the network's members and staff")
    STAFF = "staff", _("Staff: project staff and administrators only")
