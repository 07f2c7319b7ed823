"""`zixun apikey create --scope read|write [--name …] [--quota N]`, `list`, `revoke ID`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zixun.api.models import ApiKey


class Command(BaseCommand):
    help = ("API keys: `create` prints a new key's token once (only its digest is stored), "
            "`list` shows the keys, `revoke ID` turns one off.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a key and print its token once")
        create.add_argument("--scope", choices=[s.value for s in ApiKey.Scope], required=True,
                            help="read: reads with the key's own quota; write: also writes")
        create.add_argument("--name", default="", help="who uses it, e.g. 小程序")
        create.add_argument("--quota", type=int, default=600,
                            help="requests a minute (default %(default)s)")
        actions.add_parser("list", help="the keys, without their tokens")
        revoke = actions.add_parser("revoke", help="turn a key off")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action: str, **options):
        if action == "create":
            if options["quota"] < 1:
                raise CommandError("--quota 至少为 1")
            name = options["name"].strip() or f"{options['scope']} key"
            key, token = ApiKey.issue(name[:100], options["scope"], options["quota"])
            self.stdout.write(token)
            self.stderr.write(f"已创建 API 密钥 #{key.pk}「{key.name}」（{key.scope}，每分钟 "
                              f"{key.quota_per_minute} 次）。令牌只显示这一次，请妥善保存；"
                              "请求时放在 X-Api-Key 头中。")
        elif action == "list":
            for key in ApiKey.objects.all():
                state = "启用" if key.active else "停用"
                self.stdout.write(f"{key.pk:>4}  {key.prefix}…  {key.scope:5}  "
                                  f"{key.quota_per_minute:>6}/分钟  {state}  {key.name}")
        else:
            if not ApiKey.objects.filter(pk=options["id"]).update(active=False):
                raise CommandError(f"没有编号为 {options['id']} 的密钥；用 `zixun apikey list` 查看")
            self.stdout.write(f"密钥 #{options['id']} 已停用")
