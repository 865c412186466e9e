from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.clusters.models import Cluster, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "industry", "selection_year", "status"]
    list_filter = ["kind", "status", "selection_year", "industry"]
    search_fields = ["name", "brand_name"]
    list_select_related = ["region", "industry"]
    autocomplete_fields = ["region", "industry", "base_organisation"]
    inlines = [ParticipationInline]
