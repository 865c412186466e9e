"""The REST API's shared machinery: the permission gate, model validation and one error format.

A register gets its API by declaring a serializer and a viewset in its app's `api.py` and listing them in
`ROUTES`; the routes of every app are collected in `profcluster.api`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from profcluster.core.permissions import CHANGE, VIEW


class ModelCleanSerializer(serializers.ModelSerializer):
    """Runs the model's own `full_clean()`, so the API enforces exactly the rules of forms and imports.

    Related records are looked up through the permission gate too: an id the caller may not see is
    "does not exist", never a hint that it does.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for field in fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if request is not None and queryset is not None and hasattr(queryset, "restrict"):
                target.queryset = queryset.restrict(request.user, VIEW)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        for name, value in attrs.items():
            field = instance._meta.get_field(name)
            if not field.many_to_many:
                setattr(instance, name, value)
        self.prepare_instance(instance)
        try:
            instance.full_clean(exclude=self.validation_exclusions())
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        return attrs

    def prepare_instance(self, instance) -> None:
        """Set what the model needs to validate but the client does not send (e.g. a parent from the URL)."""

    def validation_exclusions(self) -> list[str]:
        return []


class RestrictedViewSet(viewsets.ModelViewSet):
    """Rows come from `restrict()`: reading needs "view", writing needs "change" on the row before and after.

    Checking the saved row against the gate (inside the transaction) covers creation generically: a user may
    create exactly the rows it could then change — a cluster in its own region, a person in its organisation.
    """

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def get_queryset(self):
        model = self.queryset.model
        action = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else CHANGE
        queryset = model.objects.restrict(self.request.user, action)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.order_by(*(model._meta.ordering or ["pk"]), "pk")

    def _save_in_scope(self, serializer, **kwargs):
        with transaction.atomic():
            instance = serializer.save(**kwargs)
            model = type(instance)
            if not model.objects.restrict(self.request.user, CHANGE).filter(pk=instance.pk).exists():
                transaction.set_rollback(True)
                raise exceptions.PermissionDenied(_("This record would be outside what you may change."))
        return instance

    def perform_create(self, serializer):
        self._save_in_scope(serializer)

    def perform_update(self, serializer):
        self._save_in_scope(serializer)


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("Other records refer to this one, so it cannot be deleted.")
    default_code = "conflict"


def exception_handler(exc, context):
    """One error body for the whole API: {"detail": message, "errors": {field: [messages]}}."""
    if isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"detail": str(_("The data is not valid.")), "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response
