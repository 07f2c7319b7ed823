"""Administrators manage API keys (the group of zixun.articles.roles; made here if that
migration has not run yet)."""

from django.db import migrations

from zixun.articles.roles import ADMINISTRATOR, grant_app_permissions


def grant(apps, schema_editor):
    grant_app_permissions(apps, "api", (ADMINISTRATOR,))


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_api_keys"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the permissions: an administrator may have changed them since.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
