"""Indicators, targets, reports and manual values over the API, with the rules of the pages.

Definitions (indicators) are written by the federal operator, targets by the regional ministry or the federal
operator, manual values by whoever manages the cluster — through the same services the pages call. Reports
move through their cycle on the report page; here they are read with their frozen values. Evidence files are
never named by their storage path: a row links to the gated download.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from profcluster.clusters.models import Cluster
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import ACCEPT, VERIFY
from profcluster.kpi.models import Indicator, ManualValue, Report, ReportingPeriod, ReportValue, Target
from profcluster.kpi.services import can_set_targets, manual_value_save, targets_save

READ_ONLY = ["get", "head", "options"]
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


def defines_indicators(user) -> bool:
    return user.is_superuser or user.scope(ACCEPT).everything


class KpiIndicatorSerializer(ModelCleanSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "direction",
            "periodicity",
            "formula",
            "description",
            "position",
            "active",
        ]


@extend_schema_field({"type": "string", "enum": ReportingPeriod.Kind.values})
class PeriodKindField(serializers.ChoiceField):
    """Described inline: a third enum called "kind" (after clusters' and organisations') would get a
    generated name in the schema."""


class KpiReportingPeriodSerializer(ModelCleanSerializer):
    kind = PeriodKindField(choices=ReportingPeriod.Kind.choices, read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "kind", "year", "quarter", "deadline", "closed"]


class KpiTargetSerializer(ModelCleanSerializer):
    class Meta:
        model = Target
        fields = ["id", "cluster", "indicator", "year", "value"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            # A target is one cell of the cluster × indicator × year grid: moving it would be a new target.
            moved = [
                name
                for name in ("cluster", "indicator", "year")
                if name in attrs and attrs[name] != getattr(self.instance, name)
            ]
            if moved:
                raise serializers.ValidationError(
                    {name: [_("This value cannot be changed.")] for name in moved}
                )
        return attrs

    def _save(self, cluster, indicator, year, value) -> Target:
        # Through the service, as the targets page does: it checks who sets targets.
        user = self.context["request"].user
        targets_save(cluster=cluster, year=year, values={indicator: value}, user=user)
        return Target.objects.get(cluster=cluster, indicator=indicator, year=year)

    def create(self, validated_data):
        return self._save(
            validated_data["cluster"],
            validated_data["indicator"],
            validated_data["year"],
            validated_data["value"],
        )

    def update(self, instance, validated_data):
        value = validated_data.get("value", instance.value)
        return self._save(instance.cluster, instance.indicator, instance.year, value)


class KpiReportValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportValue
        fields = ["indicator", "value", "target"]


class KpiReportSerializer(ModelCleanSerializer):
    values = KpiReportValueSerializer(many=True, read_only=True)

    class Meta:
        model = Report
        fields = ["id", "cluster", "period", "status", "comment", "submitted_at", "values"]


class KpiManualValueSerializer(ModelCleanSerializer):
    evidence = serializers.FileField(write_only=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ManualValue
        fields = [
            "id",
            "cluster",
            "indicator",
            "period",
            "value",
            "justification",
            "evidence",
            "evidence_url",
            "entered_at",
        ]
        read_only_fields = ["entered_at"]

    def get_evidence_url(self, value) -> str:
        # The gated download, not the file's storage path.
        return reverse("kpi:evidence", args=[value.pk])

    def create(self, validated_data):
        user = self.context["request"].user
        return manual_value_save(value=ManualValue(**validated_data), user=user, change_reason="API")

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return manual_value_save(value=instance, user=self.context["request"].user, change_reason="API")


class KpiIndicatorViewSet(RestrictedViewSet):
    """Indicator definitions: everybody signed in reads them; the federal operator writes them. Indicators
    are taken out of use (`active`), never deleted: reports and values refer to them."""

    http_method_names = NO_DELETE
    queryset = Indicator.objects.all()
    serializer_class = KpiIndicatorSerializer
    filterset_fields = ["unit", "periodicity", "active"]
    search_fields = ["code", "name"]
    ordering_fields = ["position", "code"]

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_queryset()
        return Indicator.objects.restrict(self.request.user, ACCEPT)

    def _save_defined(self, serializer):
        if not defines_indicators(self.request.user):
            raise exceptions.PermissionDenied(_("Indicators are defined by the federal operator."))
        with transaction.atomic():
            serializer.save()

    perform_create = perform_update = _save_defined


class KpiReportingPeriodViewSet(RestrictedViewSet):
    """Reporting periods and their deadlines; the federal operator sets them on the periods page."""

    http_method_names = READ_ONLY
    queryset = ReportingPeriod.objects.all()
    serializer_class = KpiReportingPeriodSerializer
    filterset_fields = ["kind", "year", "closed"]


class KpiTargetViewSet(RestrictedViewSet):
    """Target values per cluster, indicator and year. Read in the cluster's scope; written by the regional
    ministry (with write access) or the federal operator, as on the targets page."""

    queryset = Target.objects.all()
    serializer_class = KpiTargetSerializer
    filterset_fields = ["cluster", "indicator", "year"]
    ordering_fields = ["year", "value"]

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_queryset()
        user = self.request.user
        clusters = Cluster.objects.restrict(user, VERIFY) | Cluster.objects.restrict(user, ACCEPT)
        return Target.objects.filter(cluster__in=clusters.values("pk"))

    def _through_service(self, serializer):
        # The service checks who sets targets; the generic "change" check would refuse the federal operator.
        with transaction.atomic():
            serializer.save()

    perform_create = perform_update = _through_service

    def perform_destroy(self, instance):
        if not can_set_targets(self.request.user, instance.cluster):
            raise exceptions.PermissionDenied(
                _("Targets are set by the regional ministry or the federal operator.")
            )
        targets_save(
            cluster=instance.cluster,
            year=instance.year,
            values={instance.indicator: None},
            user=self.request.user,
        )


class KpiReportViewSet(RestrictedViewSet):
    """Reports with their values; submitted reports show the snapshot taken at submission. The cycle
    (submit, approve, return, accept) runs on the report page."""

    http_method_names = READ_ONLY
    queryset = Report.objects.all()
    serializer_class = KpiReportSerializer
    prefetch_related = ("values",)
    filterset_fields = ["cluster", "period", "status"]


class KpiManualValueViewSet(RestrictedViewSet):
    """Values of manual indicators with their justification; written (multipart, with the evidence file) by
    whoever manages the cluster while the period is open and the report is with the cluster."""

    http_method_names = NO_DELETE
    queryset = ManualValue.objects.all()
    serializer_class = KpiManualValueSerializer
    filterset_fields = ["cluster", "indicator", "period"]


ROUTES = [
    ("kpi/indicators", KpiIndicatorViewSet),
    ("kpi/periods", KpiReportingPeriodViewSet),
    ("kpi/targets", KpiTargetViewSet),
    ("kpi/reports", KpiReportViewSet),
    ("kpi/manual-values", KpiManualValueViewSet),
]
