"""The groups 撰稿, 编辑 and 管理员 with their permissions (zixun.articles.roles)."""

from django.db import migrations

from zixun.articles.roles import ensure_groups


def create_groups(apps, schema_editor):
    ensure_groups(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_statuses_reasons_and_history"),
        ("sources", "0003_source_trusted"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dedup", "0002_sentencecount"),
        ("ranking", "0003_related_pending"),
        ("web", "0001_initial"),
    ]

    # Going back leaves the groups: an administrator may have added people to them.
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
