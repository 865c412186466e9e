"""The selection over the API: calls, applications, expert scores and the published showcase.

Applications are written as on the pages: created by a regional official with write access for its own
region and a published call, changed only while a draft; the lifecycle (submit, review, decide, convert) runs
on the application's page. Scores are read here (the expert its own, the federal operator all) and given on
the scoring page. Attachments are listed with their gated download link, never with a storage path; experts'
names and users are not part of any row.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from profcluster.clusters.models import Cluster
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import can_register
from profcluster.selection.models import Application, Attachment, ClusterShowcase, Score, SelectionCall

READ_ONLY = ["get", "head", "options"]
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


@extend_schema_field({"type": "string", "enum": Cluster.Kind.values})
class ClusterKindField(serializers.ChoiceField):
    """Described inline: the clusters' "kind" enum under a second name would be a schema warning."""


class SelectionCallSerializer(ModelCleanSerializer):
    cluster_kind = ClusterKindField(choices=Cluster.Kind.choices, read_only=True)

    class Meta:
        model = SelectionCall
        fields = [
            "id",
            "year",
            "cluster_kind",
            "title",
            "industries",
            "grant_size",
            "min_regional_percent",
            "min_non_budget_percent",
            "opens_on",
            "closes_on",
            "disagreement_percent",
            "is_published",
        ]


class SelectionAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "title", "uploaded_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("selection:attachment_download", args=[attachment.pk])


class SelectionApplicationSerializer(ModelCleanSerializer):
    attachments = SelectionAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "region",
            "cluster_name",
            "industry",
            "base_college",
            "summary",
            "status",
            "cluster",
            "attachments",
        ]
        read_only_fields = ["status", "cluster"]

    def validate_call(self, call):
        # As the form: a region applies only to an announced call.
        if not call.is_published:
            raise serializers.ValidationError(_("Applications are taken only for an announced call."))
        return call


class SelectionScoreSerializer(ModelCleanSerializer):
    application = serializers.IntegerField(source="assignment.application_id", read_only=True)

    class Meta:
        model = Score
        fields = ["id", "application", "assignment", "criterion", "score", "comment"]


class SelectionShowcaseSerializer(ModelCleanSerializer):
    class Meta:
        model = ClusterShowcase
        fields = [
            "id",
            "cluster",
            "public_description",
            "contact_phone",
            "contact_email",
            "contact_website",
        ]


class SelectionCallViewSet(RestrictedViewSet):
    """Selection calls; the federal operator announces them and sets criteria on the call's page."""

    http_method_names = READ_ONLY
    queryset = SelectionCall.objects.all()
    serializer_class = SelectionCallSerializer
    prefetch_related = ("industries",)
    filterset_fields = ["year", "cluster_kind", "is_published"]
    search_fields = ["title"]


class SelectionApplicationViewSet(RestrictedViewSet):
    """Applications of the caller's region (and those assigned to it as an expert)."""

    http_method_names = NO_DELETE
    queryset = Application.objects.all()
    serializer_class = SelectionApplicationSerializer
    prefetch_related = ("attachments",)
    filterset_fields = ["call", "region", "industry", "status"]
    search_fields = ["cluster_name"]

    def perform_create(self, serializer):
        if not can_register(self.request.user):
            raise exceptions.PermissionDenied(
                _("Applications are submitted by a regional official with write access.")
            )
        super().perform_create(serializer)

    def perform_update(self, serializer):
        if serializer.instance.is_locked:
            raise exceptions.PermissionDenied(
                _("The application has been submitted and can no longer be changed.")
            )
        super().perform_update(serializer)


class SelectionScoreViewSet(RestrictedViewSet):
    """Expert scores: an expert reads its own, the federal operator all; they are given on the scoring
    page."""

    http_method_names = READ_ONLY
    queryset = Score.objects.all()
    serializer_class = SelectionScoreSerializer
    select_related = ("assignment",)
    filterset_fields = ["assignment", "assignment__application", "criterion"]


class SelectionShowcaseViewSet(RestrictedViewSet):
    """Published showcase entries of the clusters in the caller's scope (unpublished drafts stay on the
    cluster's page)."""

    http_method_names = READ_ONLY
    queryset = ClusterShowcase.objects.all()
    serializer_class = SelectionShowcaseSerializer
    filterset_fields = ["cluster"]

    def get_queryset(self):
        return super().get_queryset().published()


ROUTES = [
    ("selection/calls", SelectionCallViewSet),
    ("selection/applications", SelectionApplicationViewSet),
    ("selection/scores", SelectionScoreViewSet),
    ("selection/showcase", SelectionShowcaseViewSet),
]
