from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .roles import Role


class UserManager(DjangoUserManager):
    """Users log in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown instead of the full name, e.g. a first name and initial or an initiative."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def public_name(self) -> str:
        """The name shown on public pages: the chosen display name, else first name and initial."""
        if self.display_name:
            return self.display_name
        if self.first_name:
            initial = f" {self.last_name[:1]}." if self.last_name else ""
            return f"{self.first_name}{initial}"
        return str(_("Resident"))

    def has_role(self, role: Role) -> bool:
        """True when the user is in the role's group (the QM team role also via is_staff)."""
        if not self.is_authenticated or not self.is_active:
            return False
        if role == Role.QM_TEAM and self.is_staff:
            return True
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role.value in self._role_names
