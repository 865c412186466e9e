from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profcluster.core.permissions import ReferenceQuerySet


class Region(models.Model):
    """A subject of the Russian Federation (субъект РФ), identified by its two-digit code."""

    # Codes are the ones used in ИНН and ОГРН; 90–95 belong to regions added since 2014, so no code is assumed
    # impossible anywhere else in the system.
    code = models.CharField(_("code"), max_length=2, unique=True, validators=[RegexValidator(r"^\d{2}$")])
    name = models.CharField(_("name"), max_length=200, unique=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """An industry (отрасль) that clusters of the project are organised around."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return self.name
