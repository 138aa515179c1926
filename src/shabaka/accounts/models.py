"""Users, their roles (optionally scoped to one record) and the audit log."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        return (email or "").strip().lower()

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password) if password else user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=(username or "").strip())


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Signs in with an email address; no username."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Access to Django's admin site only; roles on the platform are RoleAssignments.
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    invited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    # Sensitivity classes (shabaka.core.sensitivity): what may never reach the public.
    SENSITIVITY = {"email": "confidential", "password": "confidential", "full_name": "restricted"}

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform administrator")
    STAFF = "staff", _("Project staff")
    COORDINATOR = "coordinator", _("Network coordinator")
    ORG_EDITOR = "org_editor", _("Organisation editor")
    FOCAL_POINT = "focal_point", _("Focal point")
    SECRETARIAT = "secretariat", _("Dialogue secretariat")
    VIEWER = "viewer", _("Signed-in viewer")


class RoleAssignment(models.Model):
    """A role held by a user, platform-wide (no scope) or over one record (e.g. one network)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(scope_type__isnull=True),
                name="accounts_role_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                condition=Q(scope_type__isnull=False),
                name="accounts_role_unique_scoped",
            ),
            models.CheckConstraint(
                condition=Q(scope_type__isnull=True, scope_id__isnull=True)
                | Q(scope_type__isnull=False, scope_id__isnull=False),
                name="accounts_role_scope_complete",
            ),
        ]
        indexes = [models.Index(fields=["scope_type", "scope_id", "role"])]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.scope_type_id:
            return f"{label} ({self.scope_type.model} #{self.scope_id})"
        return str(label)


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    TRANSITION = "transition", _("changed state")


class AuditEntry(models.Model):
    """Who changed what, when, with old and new values; written in the same transaction."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    # Kept as text so the log stays readable after the user is deleted or anonymised.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # {"field": [old, new], ...}
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    # The whole log is staff-only; the changes may copy personal data (shabaka.core.sensitivity).
    SENSITIVITY = {"changes": "confidential"}

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )


class ApiToken(models.Model):
    """A token for scripts. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
