"""The public record of a cluster: one list of documented fields feeds showcase, CSV, JSON and JSON Schema.

Only what is named here leaves the registry. Organisations appear by name; people never do, and contacts are
the organisation's own (ClusterShowcase.clean refuses a person's phone or e-mail).
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Participation
from profcluster.education.models import EducationalProgramme, Group
from profcluster.selection.models import ClusterShowcase, PlannedProgramme


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # JSON Schema type
    meaning: str
    items: dict | None = None


PROGRAMME_ITEM = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": r"^\d{2}\.0[12]\.\d{2}$"},
        "name": {"type": "string"},
        "duration_months": {"type": ["integer", "null"]},
        "places": {"type": ["integer", "null"]},
    },
    "required": ["code", "name", "duration_months", "places"],
    "additionalProperties": False,
}

FIELDS = [
    Field("id", "integer", _("Identifier of the cluster in the registry")),
    Field("name", "string", _("Name of the cluster")),
    Field("brand_name", "string", _("Brand name, if any")),
    Field(
        "kind", "string", _("Kind: opc (education and production centre) or education (vocational cluster)")
    ),
    Field("region_code", "string", _("Code of the region (subject of the Russian Federation)")),
    Field("region", "string", _("Name of the region")),
    Field("industry", "string", _("Industry")),
    Field("selection_year", "integer", _("Year of the competitive selection the cluster won")),
    Field("base_college", "string", _("Short name of the base college")),
    Field("colleges", "array", _("Colleges of the cluster, the base college first"), {"type": "string"}),
    Field("employers", "array", _("Employers taking part in the cluster"), {"type": "string"}),
    Field(
        "programmes",
        "array",
        _("Programmes: FGOS SPO code, name, duration in months, places (planned intake of the latest year)"),
        PROGRAMME_ITEM,
    ),
    Field("planned_intake", "integer", _("Places: planned intake of all programmes in their latest year")),
    Field("description", "string", _("Public description of the cluster")),
    Field("phone", "string", _("Phone of the base college (organisation, not a person)")),
    Field("email", "string", _("E-mail of the base college (organisation, not a person)")),
    Field("website", "string", _("Website of the base college")),
    Field("url", "string", _("Address of the cluster's public page")),
]
FIELD_NAMES = [f.name for f in FIELDS]
COLLEGE_ROLES = (Participation.Role.BASE_COLLEGE, Participation.Role.COLLEGE)
EMPLOYER_ROLES = (Participation.Role.KEY_EMPLOYER, Participation.Role.EMPLOYER)


def published_showcases():
    """Published entries with everything their public record needs, in a constant number of queries."""
    participations = Participation.objects.select_related("organisation").order_by(
        "role", "organisation__short_name"
    )
    programmes = EducationalProgramme.objects.order_by("code", "pk").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("-intake_year"))
    )
    return (
        ClusterShowcase.objects.published()
        .select_related(
            "cluster__region",
            "cluster__industry",
            "cluster__base_organisation",
            "cluster__selection_application",
        )
        .prefetch_related(
            Prefetch("cluster__participations", queryset=participations),
            Prefetch("cluster__educational_programmes", queryset=programmes),
            Prefetch("cluster__selection_application__programmes", queryset=PlannedProgramme.objects.all()),
        )
        .order_by("cluster__name", "pk")
    )


def _programmes(cluster) -> list[dict]:
    running = list(cluster.educational_programmes.all())
    if running:
        rows = []
        for programme in running:
            groups = list(programme.groups.all())
            latest = groups[0].intake_year if groups else None
            places = sum(g.planned_intake for g in groups if g.intake_year == latest) if groups else None
            rows.append(
                {
                    "code": programme.code,
                    "name": programme.name,
                    "duration_months": programme.actual_duration_months,
                    "places": places,
                }
            )
        return rows
    # A cluster that has not opened its programmes yet shows those its application planned.
    application = getattr(cluster, "selection_application", None)
    if application is None:
        return []
    return [
        {"code": p.code, "name": p.name, "duration_months": None, "places": p.planned_intake}
        for p in application.programmes.all()
    ]


def public_record(showcase: ClusterShowcase, request=None) -> dict:
    cluster = showcase.cluster
    participations = list(cluster.participations.all())
    colleges = [p.organisation.short_name for p in participations if p.role in COLLEGE_ROLES]
    employers = [p.organisation.short_name for p in participations if p.role in EMPLOYER_ROLES]
    programmes = _programmes(cluster)
    url = reverse("selection:showcase_detail", args=[cluster.pk])
    record = {
        "id": cluster.pk,
        "name": cluster.name,
        "brand_name": cluster.brand_name,
        "kind": cluster.kind,
        "region_code": cluster.region.code,
        "region": cluster.region.name,
        "industry": cluster.industry.name,
        "selection_year": cluster.selection_year,
        "base_college": cluster.base_organisation.short_name,
        "colleges": colleges,
        "employers": employers,
        "programmes": programmes,
        "planned_intake": sum(p["places"] or 0 for p in programmes),
        "description": showcase.public_description,
        "phone": showcase.contact_phone,
        "email": showcase.contact_email,
        "website": showcase.contact_website,
        "url": request.build_absolute_uri(url) if request is not None else url,
    }
    return record


def csv_value(name: str, value):
    if name == "programmes":
        return " | ".join(
            f"{p['code']} {p['name']}"
            + (f" ({p['duration_months']} мес.)" if p["duration_months"] else "")
            + (f", {p['places']} мест" if p["places"] is not None else "")
            for p in value
        )
    if isinstance(value, list):
        return " | ".join(value)
    return value


def json_schema(request=None) -> dict:
    properties = {}
    for field in FIELDS:
        prop = {"type": field.type, "description": str(field.meaning)}
        if field.items:
            prop["items"] = field.items
        properties[field.name] = prop
    schema_url = reverse("selection:open_data_schema")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": request.build_absolute_uri(schema_url) if request is not None else schema_url,
        "title": "profcluster: clusters (open data)",
        "type": "object",
        "properties": {
            "count": {"type": "integer"},
            "clusters": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": properties,
                    "required": FIELD_NAMES,
                    "additionalProperties": False,
                },
            },
        },
        "required": ["count", "clusters"],
    }
