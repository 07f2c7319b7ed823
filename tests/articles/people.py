"""A newsroom's people for tests: a contributor, two editors and an administrator, in their groups."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from zixun.articles import roles

PASSWORD = "a-long-password-1"
STAFF = [("writer", roles.CONTRIBUTOR), ("editor", roles.EDITOR), ("second_editor", roles.EDITOR),
         ("admin", roles.ADMINISTRATOR)]


def make_people(user_model, password: str | None = None) -> dict:
    """The staff by user name; without ``password`` they cannot log in by form (and hash nothing)."""
    if not Group.objects.filter(name=roles.ADMINISTRATOR).exists():
        roles.ensure_groups(apps)  # the migration made them; a flushed database has lost them
    made = {}
    for name, group in STAFF:
        user = user_model.objects.create_user(name, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        made[name] = user_model.objects.get(pk=user.pk)  # a fresh permission cache
    return made


@pytest.fixture
def people(django_user_model) -> dict:
    return make_people(django_user_model)
