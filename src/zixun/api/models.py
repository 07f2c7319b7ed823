"""API keys: who may call the API beyond the public reads, with what scope and quota."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

# Tokens say what they are in logs and leaked-secret scanners; the rest is 256 random bits.
TOKEN_PREFIX = "zx_"
# How stale `last_used_at` may be: writing it on every request would make each read a write.
LAST_USED_EVERY = timedelta(hours=1)


def token_digest(token: str) -> str:
    """The stored form of a token. A token is 256 random bits, so a fast hash cannot be
    reversed by guessing; a slow password hash would only slow every request."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiKey(models.Model):
    """A key for the API: read keys get their own quota, write keys may also change content."""

    class Scope(models.TextChoices):
        READ = "read", "只读"
        WRITE = "write", "读写"

    name = models.CharField("名称", max_length=100, help_text="谁在用这个密钥，例如“小程序”")
    scope = models.CharField("权限", max_length=5, choices=Scope.choices, default=Scope.READ)
    quota_per_minute = models.PositiveIntegerField("每分钟请求上限", default=600)
    active = models.BooleanField("启用", default=True)
    # The first characters of the token, so an editor can tell keys apart without the secret.
    prefix = models.CharField("密钥开头", max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "API 密钥"
        verbose_name_plural = "API 密钥"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_scope_display()}，{self.prefix}…）"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def new_token(self) -> str:
        """Give the key a fresh token and return it: the only time it is ever seen in full."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.prefix = token[:12]
        self.digest = token_digest(token)
        return token

    @classmethod
    def issue(cls, name: str, scope: str = Scope.READ,
              quota_per_minute: int = 600) -> tuple[ApiKey, str]:
        """Create a key; (key, token). The token is stored only as its digest."""
        key = cls(name=name, scope=scope, quota_per_minute=quota_per_minute)
        token = key.new_token()
        key.save()
        return key, token

    @classmethod
    def for_token(cls, token: str) -> ApiKey | None:
        """The active key a token belongs to, or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        return cls.objects.filter(digest=token_digest(token), active=True).first()

    def note_use(self) -> bool:
        """Record that the key was used, at most once per LAST_USED_EVERY; True if written."""
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at <= LAST_USED_EVERY:
            return False
        ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
        self.last_used_at = now
        return True
