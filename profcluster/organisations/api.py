from profcluster.core import personal
from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import PERSONAL_DATA
from profcluster.organisations.models import Organisation, Person


class OrganisationSerializer(ModelCleanSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "full_name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "okved",
            "region",
            "address",
            "website",
            "email",
            "phone",
        ]


class PersonSerializer(ModelCleanSerializer):
    """Contacts and СНИЛС are masked unless the caller manages the person's organisation or its cluster."""

    class Meta:
        model = Person
        fields = [
            "id",
            "organisation",
            "surname",
            "name",
            "patronymic",
            "position",
            "email",
            "phone",
            "snils",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.organisation_id not in self.personal_data_organisations():
            data["email"] = personal.mask_email(instance.email)
            data["phone"] = personal.mask_phone(instance.phone)
            data["snils"] = personal.mask_snils(instance.snils)
        return data

    def personal_data_organisations(self) -> set[int]:
        # Computed once per response, not once per row.
        cache = self.context.setdefault("_personal_data_organisations", {})
        if "ids" not in cache:
            user = self.context["request"].user
            cache["ids"] = set(
                Organisation.objects.restrict(user, PERSONAL_DATA).values_list("pk", flat=True)
            )
        return cache["ids"]


class OrganisationViewSet(RestrictedViewSet):
    """Organisations of the registry the caller may see; ИНН, КПП and ОГРН are checked as in the forms."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    select_related = ("region",)
    filterset_fields = ["kind", "region", "inn"]
    search_fields = ["short_name", "full_name", "inn"]
    ordering_fields = ["short_name", "inn"]


class PersonViewSet(RestrictedViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_fields = ["organisation"]
    search_fields = ["surname", "name"]

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "_personal_data_organisations": {}}


ROUTES = [("organisations", OrganisationViewSet), ("people", PersonViewSet)]
