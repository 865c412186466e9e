from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.reference.models import Industry, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
