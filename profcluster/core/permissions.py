"""The one permission gate: every queryset that returns user-visible rows passes through `restrict()`.

A model's queryset class says which of its rows fall inside a scope (`scope_filter`); the user says what
scope it holds for an action (`user.scope(action)`, built from its scoped roles). Views, the API, exports and
imports all call `Model.objects.restrict(user, action)`, so there is one place to get visibility right.
"""

from typing import Protocol

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"
# Personal data (СНИЛС, phone, e-mail; 152-ФЗ) is need-to-know: only those who manage the organisation or its
# cluster, which is narrower than "view".
PERSONAL_DATA = "personal_data"
# Money is verified by the regional ministry and accepted by the federal operator (otherwise read-only).
VERIFY = "verify"
ACCEPT = "accept"
ACTIONS = (VIEW, CHANGE, PERSONAL_DATA, VERIFY, ACCEPT)


class Scope(Protocol):
    everything: bool

    def cluster_q(self, prefix: str = "") -> Q: ...

    def organisation_q(self, prefix: str = "") -> Q: ...


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        scope = user.scope(action)
        if scope.everything:
            return self
        return self.filter(self.scope_filter(scope, action))

    def scope_filter(self, scope: Scope, action: str) -> Q:
        raise NotImplementedError(f"{type(self).__name__} must say which rows a scope covers")


class ReferenceQuerySet(RestrictedQuerySet):
    """Reference lists (regions, industries): everybody signed in reads them, only admins change them."""

    def scope_filter(self, scope: Scope, action: str) -> Q:
        return Q() if action == VIEW else Q(pk__in=[])


def can_register(user) -> bool:
    """Whether the user may add clusters and organisations: admins, regional officials with write access."""
    return user.is_authenticated and (user.is_superuser or bool(user.scope(CHANGE).region_ids))
