"""Login throttling: too many wrong passwords lock an account, and an address, for a while.

Per account, so that a password cannot be guessed from many addresses; per address, so that
one address cannot try many accounts. A locked login is refused before its password is even
checked (a right password is refused too), and the editor is told in Chinese when to retry.
Counts live in the database (zixun.web.models.LoginFailures), shared by every web process.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zixun.web.models import LoginFailures

# Wrong passwords allowed within WINDOW before a lock: a person mistyping stays well under
# these; a guesser is held to a few dozen tries an hour.
ACCOUNT_LIMIT = 5
# An office behind one address has several editors: more room than one account gets.
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


def _keys(request: HttpRequest | None, username: str | None) -> list[tuple[str, int]]:
    keys = []
    if username:
        keys.append((f"account:{username.strip().lower()[:180]}", ACCOUNT_LIMIT))
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    if address:
        keys.append((f"address:{address}", ADDRESS_LIMIT))
    return keys


def locked_until(request: HttpRequest | None, username: str | None) -> datetime | None:
    """When the lock on this account or address ends; None if neither is locked."""
    now = timezone.now()
    ends = LoginFailures.objects.filter(
        key__in=[key for key, _ in _keys(request, username)], locked_until__gt=now
    ).values_list("locked_until", flat=True)
    return max(ends, default=None)


def record_failure(request: HttpRequest | None, username: str | None) -> None:
    """Count one wrong password against the account and the address; lock at the limit."""
    now = timezone.now()
    for key, limit in _keys(request, username):
        with transaction.atomic():
            row, _ = LoginFailures.objects.select_for_update().get_or_create(
                key=key, defaults={"window_start": now})
            if row.locked_until and row.locked_until > now:
                continue  # already locked: tries while locked do not stretch the lock
            if now - row.window_start > WINDOW:
                row.failures, row.window_start, row.locked_until = 0, now, None
            row.failures += 1
            if row.failures >= limit:
                row.locked_until = now + LOCKOUT
            row.save()


def record_success(username: str) -> None:
    """A right password outside a lock: the account's count starts again."""
    LoginFailures.objects.filter(key=f"account:{username.strip().lower()[:180]}").delete()


def lockout_message(until: datetime) -> str:
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return f"登录失败次数过多，该账号或地址已被暂时锁定。请在 {minutes} 分钟后再试。"


class ThrottledModelBackend(ModelBackend):
    """Django's password check, refused outright while the account or address is locked.

    Every way to log in goes through here, not only the admin's form.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if locked_until(request, username or kwargs.get("username")):
            raise PermissionDenied  # authenticate() then tries no other backend
        return super().authenticate(request, username=username, password=password, **kwargs)


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying in Chinese that a login is locked and for how long."""

    def clean(self):
        until = locked_until(self.request, self.cleaned_data.get("username"))
        if until:
            raise ValidationError(lockout_message(until), code="locked")
        return super().clean()


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """user_login_failed: count the wrong password."""
    record_failure(request, credentials.get("username"))


def on_logged_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """user_logged_in: clear the account's count."""
    record_success(user.get_username())
