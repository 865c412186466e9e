from rest_framework import serializers, viewsets

from profcluster.core.permissions import VIEW
from profcluster.reference.models import Industry, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["id", "slug", "name"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Subjects of the Russian Federation (read-only: administrators edit them in the admin site)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    search_fields = ["name", "code"]
    filterset_fields = ["code"]

    def get_queryset(self):
        return Region.objects.restrict(self.request.user, VIEW)


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Industry.objects.all()
    serializer_class = IndustrySerializer
    search_fields = ["name"]

    def get_queryset(self):
        return Industry.objects.restrict(self.request.user, VIEW)


ROUTES = [("regions", RegionViewSet), ("industries", IndustryViewSet)]
