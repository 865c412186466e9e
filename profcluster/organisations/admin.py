from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from profcluster.organisations.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "kind", "inn", "region"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name", "inn"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["surname", "name", "patronymic", "position", "organisation"]
    search_fields = ["surname", "name", "organisation__short_name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
