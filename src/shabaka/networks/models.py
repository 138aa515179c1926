"""Networks of organisations, the national platform (a network of networks), and memberships."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shabaka.core.visibility import Visibility


class NetworkKind(models.TextChoices):
    NETWORK = "network", _("Network of organisations")
    PLATFORM = "platform", _("Platform (network of networks)")


class NetworkStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")


class Network(models.Model):
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name in English"), max_length=250, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=250, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=250, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, allow_unicode=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NetworkKind.choices, default=NetworkKind.NETWORK
    )
    mission = models.TextField(_("mission"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, related_name="networks"
    )
    area_description = models.CharField(_("area covered"), max_length=250, blank=True)
    places = models.ManyToManyField(
        "directory.Place", blank=True, related_name="networks", verbose_name=_("places covered")
    )
    topics = models.ManyToManyField(
        "directory.Topic", blank=True, related_name="networks", verbose_name=_("topics")
    )
    # Moved only through networks.services (network_set_status); read-only in forms and admin.
    status = models.CharField(
        _("status"), max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.FORMING
    )
    visibility = models.CharField(
        _("who sees this network"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.localised_name()

    def localised_name(self, language: str | None = None) -> str:
        """`language`: the reader's (two letters), when a caller names many rows at once."""
        from shabaka.core.selectors import reader_language

        language = language or reader_language()
        return getattr(self, f"name_{language}", "") or self.name

    @property
    def is_platform(self) -> bool:
        return self.kind == NetworkKind.PLATFORM


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACTIVE = "active", _("Active member")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")
    REJECTED = "rejected", _("Rejected")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")


# Statuses in which a membership is current: at most one such per member and network.
CURRENT_STATUSES = (MembershipStatus.APPLIED, MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


class Membership(models.Model):
    """An organisation in a network, or a network in the platform. Its status moves only through
    the services in networks.services; every step is kept in MembershipStep."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="platform_memberships",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    visibility = models.CharField(
        _("who sees this membership"),
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, member_network__isnull=True)
                | Q(organisation__isnull=True, member_network__isnull=False),
                name="networks_membership_one_member",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=Q(
                    status__in=["applied", "active", "suspended"], organisation__isnull=False
                ),
                name="networks_membership_one_current_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["network", "member_network"],
                condition=Q(
                    status__in=["applied", "active", "suspended"], member_network__isnull=False
                ),
                name="networks_membership_one_current_per_network",
            ),
            models.CheckConstraint(
                condition=~Q(network=models.F("member_network")),
                name="networks_membership_not_itself",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.network}"

    @property
    def member(self):
        return self.organisation if self.organisation_id else self.member_network


class MembershipStep(models.Model):
    """One dated step in a membership's life: who decided and why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=10, choices=MembershipStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=MembershipStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    SENSITIVITY = {"reason": "restricted"}  # shabaka.core.sensitivity

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("membership step")
        verbose_name_plural = _("membership steps")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.at:%Y-%m-%d})"


# --- Code of Conduct -------------------------------------------------------------------------
# One text may be common to several networks (the seed's four networks share one code): the
# code and its versions belong to no network; each network records its own adoption of a
# version, and each member organisation endorses the version its network has in force.


class CodeOfConduct(models.Model):
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    # The network for which the code was first drafted (its coordinator may draft versions).
    started_by_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codes_started",
        verbose_name=_("drafted for"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CodeVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class CodeVersion(models.Model):
    """One version of a code. Its text is editable only as a draft; the first adoption by a
    network freezes it; adopting a later version marks it superseded. Status moves only through
    networks.conduct."""

    code = models.ForeignKey(CodeOfConduct, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CodeVersionStatus.choices,
        default=CodeVersionStatus.DRAFT,
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("code of conduct version")
        verbose_name_plural = _("code of conduct versions")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="networks_code_version_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="draft"),
                name="networks_code_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return _("%(code)s, version %(number)s") % {"code": self.code, "number": self.number}

    def text_for(self, language: str | None = None):
        """The text in `language` (or the reader's), else the first one there is."""
        from django.utils.translation import get_language

        language = (language or get_language() or "en")[:2]
        texts = list(self.texts.all())
        for text in texts:
            if text.language == language:
                return text
        return texts[0] if texts else None


class CodeText(models.Model):
    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("code of conduct text")
        verbose_name_plural = _("code of conduct texts")
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="networks_code_text_one_per_language"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="networks_code_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.version} [{self.language}]"


class CodeAdoption(models.Model):
    """A network adopted a version of a code on a date. The adoption in force for a network is
    the one without `replaced_at`."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="code_adoptions")
    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="adoptions")
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        _("decision"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'General assembly of 12 March 2020'"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("adoption of a code of conduct")
        verbose_name_plural = _("adoptions of codes of conduct")
        ordering = ["network", "-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(replaced_at__isnull=True),
                name="networks_code_one_adoption_in_force",
            ),
            models.UniqueConstraint(
                fields=["network", "version"], name="networks_code_adopted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.version}"


class EndorsementStatus(models.TextChoices):
    CURRENT = "current", _("Endorsed")
    RENEWAL_NEEDED = "renewal", _("Needs renewal")


class Endorsement(models.Model):
    """A member organisation endorses the version its network has in force. When the network
    adopts a new version, the endorsement is marked as needing renewal (never deleted)."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="endorsements"
    )
    version = models.ForeignKey(CodeVersion, on_delete=models.PROTECT, related_name="endorsements")
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signatory = models.CharField(
        _("signed for the organisation by"),
        max_length=200,
        blank=True,
        help_text=_("A role, e.g. 'Chair of the board'."),
    )
    endorsed_on = models.DateField(_("endorsed on"))
    status = models.CharField(
        max_length=8, choices=EndorsementStatus.choices, default=EndorsementStatus.CURRENT
    )
    renewal_needed_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["-endorsed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "version"], name="networks_endorse_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.member} — {self.version}"
