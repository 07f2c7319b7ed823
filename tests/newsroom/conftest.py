"""Fixtures of the newsroom tests: an editor signed in to the admin, and the admin's forms."""

from __future__ import annotations

import lxml.html
import pytest


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", None)  # force_login: no hashing
    client.force_login(user)
    client.user = user
    return client


def form_values(client, url: str, form_id: str) -> dict:
    """The values an admin form would send as it stands, read from its page as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form = lxml.html.fromstring(page.content.decode("utf-8")).get_element_by_id(form_id)
    values: dict = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return values
