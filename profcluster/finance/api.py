from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from profcluster.core.api import ModelCleanSerializer, RestrictedViewSet
from profcluster.core.permissions import ACCEPT, VERIFY
from profcluster.finance.models import Commitment, Payment
from profcluster.finance.services import payment_accept, payment_verify

LEDGER_FIELDS = [
    "id",
    "cluster",
    "year",
    "source",
    "category",
    "organisation",
    "amount",
    "justification",
    "confirmation",
    "confirmation_comment",
]


class CommitmentSerializer(ModelCleanSerializer):
    class Meta:
        model = Commitment
        fields = [*LEDGER_FIELDS, "form", "counterparty", "counterparty_name", "number", "date", "subject"]
        read_only_fields = ["confirmation", "confirmation_comment"]


class PaymentSerializer(ModelCleanSerializer):
    class Meta:
        model = Payment
        fields = [*LEDGER_FIELDS, "commitment", "document", "date", "stage", "verified_at", "accepted_at"]
        read_only_fields = ["confirmation", "confirmation_comment", "stage", "verified_at", "accepted_at"]


class CommitmentViewSet(RestrictedViewSet):
    """Agreements and contracts; an employer sees those attributed to it. Amounts are decimal strings."""

    queryset = Commitment.objects.all()
    serializer_class = CommitmentSerializer
    filterset_fields = ["cluster", "year", "source", "category", "organisation", "confirmation"]
    ordering_fields = ["date", "amount"]


class PaymentViewSet(RestrictedViewSet):
    """Payments; verified and accepted ones change only by the role that locked them."""

    queryset = Payment.objects.all()
    serializer_class = PaymentSerializer
    filterset_fields = ["cluster", "year", "source", "category", "organisation", "stage", "commitment"]
    ordering_fields = ["date", "amount"]

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_queryset()
        if self.action in ("verify", "accept"):
            scope = VERIFY if self.action == "verify" else ACCEPT
            return Payment.objects.restrict(self.request.user, scope)
        return Payment.objects.editable_by(self.request.user)

    def _transition(self, service):
        payment = self.get_object()
        try:
            service(payment=payment, user=self.request.user)
        except ValidationError as error:
            raise serializers.ValidationError({"stage": error.messages}) from None
        return Response(self.get_serializer(payment).data)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The regional ministry verifies a spent payment; it is then locked."""
        return self._transition(payment_verify)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The federal operator accepts a verified payment."""
        return self._transition(payment_accept)


ROUTES = [("commitments", CommitmentViewSet), ("payments", PaymentViewSet)]
