from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .enums import REQUIRED_CONSENTS, ConsentKind
from .roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: object) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: object) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an email address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("ko", "한국어"), ("en", "English")],
        default="ko",
        help_text=_("Emails and notifications are sent in this language."),
    )
    # Set when the person deletes the account and the row must stay (records kept by law point to it): the
    # retention period of what is left (DELETED_ACCOUNT_RETENTION_DAYS) counts from here.
    deleted_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The names of the user's roles (groups): one query, then kept for the life of this object, which Django
        builds once per request. ``permissions.role_names_forget`` drops it after the groups change."""
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return any(group.name == role for group in self.groups.all())


class Consent(models.Model):
    """A person's consent to one kind of use of their personal data, as given at one version of its text.

    A withdrawn consent keeps its row (``withdrawn_at`` set); giving it again adds a new row. At most
    one consent of each kind is in force for a user at any time.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=32, choices=ConsentKind.choices)
    version = models.CharField(_("version of the text"), max_length=16)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["user", "kind", "-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accounts_consent_one_in_force_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.version}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_required(self) -> bool:
        return self.kind in REQUIRED_CONSENTS
