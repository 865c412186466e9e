from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profcluster.core.permissions import RestrictedQuerySet


class ImportJobQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        # An upload is its author's: it may hold data the author has not yet been allowed to write.
        return Q(user_id=scope.user_id)


class ImportJob(models.Model):
    """An uploaded file being checked or imported (загрузка из файла), with its progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("in progress")
        CHECKED = "checked", _("checked")
        APPLIED = "applied", _("imported")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    register = models.CharField(_("register"), max_length=50)
    filename = models.CharField(_("file name"), max_length=255)
    # The file itself, kept until it is imported: limited in size by the reader, so the database can hold it.
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    apply_requested = models.BooleanField(_("import requested"), default=False)
    done_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0
