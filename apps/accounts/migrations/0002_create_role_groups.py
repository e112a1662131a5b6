"""Create the role groups of DOMAIN.md. Their permissions are granted after every migrate
(see AccountsConfig.ready), because later apps add models and permissions of their own."""

from django.db import migrations

ROLE_GROUPS = ["QM-Team", "Quartiersrat", "Aktionsfondsjury", "Projektträger"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, delete_groups)]
