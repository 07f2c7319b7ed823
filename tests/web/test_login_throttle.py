"""Admin logins: wrong passwords lock the account and the address, said in Chinese."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zixun.web import login
from zixun.web.models import LoginFailures

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


@pytest.fixture
def editor(django_user_model, settings):
    # Each wrong password is hashed; the slow default hasher would make these tests slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def _login(client: Client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_fifty_wrong_passwords_then_the_right_one_is_refused_while_locked(editor):
    client = Client()
    for _ in range(50):
        assert _login(client, "editor", "wrong").status_code == 200
    response = _login(client, "editor", PASSWORD)
    assert response.status_code == 200  # the form again, not the redirect into the admin
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_account_from_another_address(editor):
    for _ in range(login.ACCOUNT_LIMIT):
        _login(Client(), "editor", "wrong", address="198.51.100.1")
    response = _login(Client(), "editor", PASSWORD, address="198.51.100.2")
    assert "登录失败次数过多" in response.content.decode()


def test_one_address_trying_many_accounts_is_locked(editor):
    client = Client()
    for n in range(login.ADDRESS_LIMIT):
        _login(client, f"guess{n}", "wrong")
    response = _login(client, "editor", PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    other = _login(Client(), "editor", PASSWORD, address="198.51.100.9")
    assert other.status_code == 302  # the account itself was never locked


def test_a_lock_ends_after_its_time_and_the_right_password_then_logs_in(editor):
    client = Client()
    for _ in range(login.ACCOUNT_LIMIT):
        _login(client, "editor", "wrong")
    assert "登录失败次数过多" in _login(client, "editor", PASSWORD).content.decode()
    LoginFailures.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _login(client, "editor", PASSWORD).status_code == 302
    assert not LoginFailures.objects.filter(key="account:editor").exists()


def test_a_few_mistakes_then_the_right_password_log_in(editor):
    client = Client()
    for _ in range(login.ACCOUNT_LIMIT - 1):
        _login(client, "editor", "wrong")
    assert _login(client, "editor", PASSWORD).status_code == 302


def test_the_lock_refuses_every_way_to_log_in_not_only_the_admin_form(editor):
    for _ in range(login.ACCOUNT_LIMIT):
        _login(Client(), "editor", "wrong")
    assert Client().login(username="editor", password=PASSWORD) is False
