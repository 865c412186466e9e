"""Evidence files of an activity (подтверждающие документы): scans and photos proving the work was done."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import RestrictedQuerySet
from profcluster.core.uploads import document_extension, validate_document_content

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def validate_evidence(file) -> None:
    """At most 10 MB, a PDF, JPEG or PNG whose first bytes match its extension."""
    extension = document_extension(file)
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="evidence_size")
    validate_document_content(file, extension)


def evidence_path(instance, filename: str) -> str:
    # A random name: nothing of the original name (people, organisations) appears on disk or is guessable.
    return f"governance/evidence/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ActivityEvidenceQuerySet(RestrictedQuerySet):
    def scope_filter(self, scope, action):
        return scope.cluster_q("activity__programme__cluster__")


class ActivityEvidence(models.Model):
    """An evidence file of an activity (подтверждающий документ): a PDF scan or a photo.

    Files are served only through the download view, which goes through the permission gate.
    """

    activity = models.ForeignKey(
        "governance.Activity", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, validators=[validate_evidence])
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = ActivityEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__lte=EVIDENCE_MAX_BYTES),
                name="activity_evidence_size_limit",
                violation_error_message=_("The file is larger than 10 MB."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("governance:activity_detail", args=[self.activity_id])

    @property
    def download_url(self) -> str:
        return reverse("governance:evidence_download", args=[self.pk])
