from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet


class User(AbstractUser):
    """A person who signs in (пользователь). What it may see and do comes from its scoped roles."""

    history = HistoricalRecords()
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def scope(self, action: str):
        """The user's scope for an action, computed once per request (the user object lives one request)."""
        from profcluster.accounts.scopes import scope_for

        cache = self.__dict__.setdefault("_scope_cache", {})
        if action not in cache:
            cache[action] = scope_for(self, action)
        return cache[action]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignmentQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # Roles are granted by administrators; others see none but their own (on their profile page).
        return Q(user_id=scope.user_id) if action == "view" else Q(pk__in=[])


class RoleAssignment(models.Model):
    """A scoped role of a user (роль): which part of the registry it sees, and whether it may change it."""

    class Role(models.TextChoices):
        FEDERAL = "federal", _("federal operator")
        REGIONAL = "regional", _("regional official")
        CLUSTER = "cluster", _("cluster manager")
        ORGANISATION = "organisation", _("organisation member")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "reference.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE
    )
    cluster = models.ForeignKey(
        "clusters.Cluster", verbose_name=_("cluster"), null=True, blank=True, on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    # Read-only roles serve viewers and auditors; the federal operator is read-only by the project's rules.
    can_write = models.BooleanField(_("may change"), default=False)
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            # Each role names exactly the scope object it needs and nothing else.
            models.CheckConstraint(
                condition=(
                    Q(
                        role="federal",
                        region__isnull=True,
                        cluster__isnull=True,
                        organisation__isnull=True,
                        can_write=False,
                    )
                    | Q(
                        role="regional", region__isnull=False, cluster__isnull=True, organisation__isnull=True
                    )
                    | Q(role="cluster", region__isnull=True, cluster__isnull=False, organisation__isnull=True)
                    | Q(
                        role="organisation",
                        region__isnull=True,
                        cluster__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="roleassignment_scope_matches_role",
                violation_error_message=_("The role's scope does not match the role."),
            ),
        ]

    def __str__(self) -> str:
        target = self.region or self.cluster or self.organisation or _("everything")
        level = _("read and write") if self.can_write else _("read only")
        return f"{self.get_role_display()}: {target} ({level})"

    def clean(self):
        needed = {
            self.Role.FEDERAL: None,
            self.Role.REGIONAL: "region",
            self.Role.CLUSTER: "cluster",
            self.Role.ORGANISATION: "organisation",
        }.get(self.role)
        errors = {}
        for name in ("region", "cluster", "organisation"):
            has = getattr(self, f"{name}_id") is not None
            if name == needed and not has:
                errors[name] = _("This role needs it.")
            elif name != needed and has:
                errors[name] = _("This role does not take it.")
        if self.role == self.Role.FEDERAL and self.can_write:
            errors["can_write"] = _("The federal operator reads everything and changes nothing here.")
        if errors:
            raise ValidationError(errors)
