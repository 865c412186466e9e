import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from profcluster.accounts.models import RoleAssignment


def test_it_requires_the_scope_a_role_names(world, django_user_model):
    user = django_user_model.objects.create_user("u")
    role = RoleAssignment(user=user, role="regional", can_write=True)
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "region" in error.value.message_dict


def test_it_refuses_a_federal_operator_that_writes(world, django_user_model):
    user = django_user_model.objects.create_user("u")
    with pytest.raises(ValidationError) as error:
        RoleAssignment(user=user, role="federal", can_write=True).full_clean()
    assert "can_write" in error.value.message_dict


def test_it_enforces_the_scope_in_the_database_too(world, django_user_model):
    user = django_user_model.objects.create_user("u")
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role="cluster", region=world.region_a)
