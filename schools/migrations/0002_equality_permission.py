from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_equality_to_inclusion_lead(apps, schema_editor):
    # Permissions are normally made after migrate; make the schools app's now so the grant can name one.
    config = apps.get_app_config("schools")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_equality = Permission.objects.get(content_type__app_label="schools", codename="view_equalityrecord")
    Group.objects.get(name="Inclusion lead").permissions.add(view_equality)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Inclusion lead").first()
    if group:
        group.permissions.remove(*group.permissions.filter(codename="view_equalityrecord"))


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial"), ("hub", "0002_staff_role_groups")]
    operations = [migrations.RunPython(grant_equality_to_inclusion_lead, revoke)]
