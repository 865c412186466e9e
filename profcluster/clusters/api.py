from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from profcluster.clusters.models import Cluster, Participation
from profcluster.clusters.services import cluster_save
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet


class ClusterSerializer(ModelCleanSerializer):
    class Meta:
        model = Cluster
        fields = [
            "id",
            "kind",
            "name",
            "brand_name",
            "region",
            "industry",
            "selection_year",
            "base_organisation",
            "status",
            "description",
        ]

    def create(self, validated_data):
        # Through the service, so that the base college's participation is created with the cluster.
        return cluster_save(cluster=Cluster(**validated_data), change_reason="API")

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return cluster_save(cluster=instance, change_reason="API")


class ParticipationSerializer(ModelCleanSerializer):
    class Meta:
        model = Participation
        fields = [
            "id",
            "cluster",
            "organisation",
            "role",
            "date_from",
            "date_to",
            "obligations",
            "teaching_hours_pledged",
        ]


class ClusterViewSet(RestrictedViewSet):
    queryset = Cluster.objects.all()
    serializer_class = ClusterSerializer
    filterset_fields = ["region", "industry", "kind", "selection_year", "status"]
    search_fields = ["name", "brand_name"]
    ordering_fields = ["name", "selection_year"]

    def perform_destroy(self, instance):
        raise exceptions.PermissionDenied(_("Clusters are closed, not deleted: set the status instead."))


class ParticipationViewSet(RestrictedViewSet):
    queryset = Participation.objects.all()
    serializer_class = ParticipationSerializer
    filterset_fields = ["cluster", "organisation", "role"]

    def perform_destroy(self, instance):
        if instance.role == Participation.Role.BASE_COLLEGE:
            raise exceptions.PermissionDenied(
                _("The base college leaves only when the cluster names another.")
            )
        instance.delete()


ROUTES = [("clusters", ClusterViewSet), ("participations", ParticipationViewSet)]
