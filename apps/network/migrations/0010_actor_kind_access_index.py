"""The directory filtered by kind and step-free access reads the published entries of that kind
from a partial index instead of joining every entry of a language first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("network", "0009_actor_search_document")]

    operations = [
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["kind", "step_free"],
                name="network_actor_pub_kind_idx",
            ),
        ),
    ]
