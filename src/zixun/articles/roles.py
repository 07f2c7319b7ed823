"""The newsroom's roles as Django groups: 撰稿 (contributor), 编辑 (editor), 管理员 (administrator).

A contributor writes drafts and submits them for review; an editor also reviews, publishes,
schedules and takes articles down; an administrator may do everything in the admin, the
accounts and the channels' and sources' rules included. The groups are made by a migration
(``articles.0006``), and `ensure_groups` may be run again: it only adds what is missing.
"""

from __future__ import annotations

CONTRIBUTOR = "撰稿"
EDITOR = "编辑"
ADMINISTRATOR = "管理员"

_CONTRIBUTOR_PERMISSIONS = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.submit_article", "articles.view_statuschange",
    "articles.view_channel", "articles.view_tag", "sources.view_source",
]
_EDITOR_PERMISSIONS = _CONTRIBUTOR_PERMISSIONS + [
    "articles.publish_article", "articles.hide_article",
    "articles.add_tag", "articles.change_tag",
    "articles.view_story", "articles.change_story", "articles.view_tombstone",
    "sources.view_feed",
]
# Administrators hold every permission of these apps.
_ADMINISTRATOR_APPS = ["articles", "sources", "dedup", "ranking", "search", "web", "auth"]

ROLES: dict[str, list[str]] = {CONTRIBUTOR: _CONTRIBUTOR_PERMISSIONS, EDITOR: _EDITOR_PERMISSIONS}


def ensure_groups(apps) -> None:
    """Create the three groups with their permissions (``apps``: a migration's, or django.apps)."""
    from django.contrib.auth.management import create_permissions

    # A migration runs before post_migrate has made the permissions of new models: make them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        wanted = [code.split(".", 1) for code in codes]
        found = Permission.objects.none()
        for app_label, codename in wanted:
            found |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        Group.objects.get_or_create(name=name)[0].permissions.add(*found)
    every = Permission.objects.filter(content_type__app_label__in=_ADMINISTRATOR_APPS)
    Group.objects.get_or_create(name=ADMINISTRATOR)[0].permissions.add(*every)


def grant_app_permissions(apps, app_label: str, groups: tuple[str, ...]) -> None:
    """Give ``groups`` (made if missing) every permission of the app ``app_label``, for an
    app whose own migration brings models the groups' roles extend to."""
    from django.contrib.auth.management import create_permissions

    # A migration runs before post_migrate has made the permissions of new models: make them.
    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    every = apps.get_model("auth", "Permission").objects.filter(content_type__app_label=app_label)
    for name in groups:
        Group.objects.get_or_create(name=name)[0].permissions.add(*every)
