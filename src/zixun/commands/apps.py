from django.apps import AppConfig


class CommandsConfig(AppConfig):
    """Holds the `zixun` sub-commands that wrap pure packages (text, extract, dedup)."""

    name = "zixun.commands"
    verbose_name = "命令"
