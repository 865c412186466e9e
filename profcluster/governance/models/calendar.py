"""The secret address of a user's iCalendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet


class CalendarFeedTokenQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return Q(user_id=scope.user_id)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret address of a user's iCalendar feed (подписка на календарь); a new token revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created = models.DateTimeField(_("created"), auto_now=True)
    # The token is a secret: history records who rotated it and when, never its value.
    history = HistoricalRecords(excluded_fields=["token"])

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["user"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("governance:calendar_feed", args=[self.token])

    def rotate(self) -> None:
        """Give the feed a new secret address; the old one stops working at once."""
        if self.pk:
            self.token = _new_token()
        self.save()
