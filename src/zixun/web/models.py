"""What the site keeps about its visitors beyond articles: failed logins, for throttling."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class LoginFailures(models.Model):
    """Failed logins of one account or from one address in the current window (zixun.web.login).

    Kept in the database, not the cache: the default cache is each web process's own memory,
    where a limit would be multiplied by the number of workers and forgotten at each restart.
    """

    # "account:<user name, lower case>" or "address:<IP address>"
    key = models.CharField("对象", max_length=200, unique=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_start = models.DateTimeField("计数开始", default=timezone.now)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return self.key
