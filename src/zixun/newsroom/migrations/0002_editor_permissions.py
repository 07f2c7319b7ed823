"""Editors and administrators arrange the front page and 专题, and see revisions
(the groups of zixun.articles.roles; made here if that migration has not run yet)."""

from django.db import migrations

from zixun.articles.roles import ADMINISTRATOR, EDITOR, grant_app_permissions


def grant(apps, schema_editor):
    grant_app_permissions(apps, "newsroom", (EDITOR, ADMINISTRATOR))


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0001_revisions_flags_topics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the permissions: an administrator may have changed them since.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
