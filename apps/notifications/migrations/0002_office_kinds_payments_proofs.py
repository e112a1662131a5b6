from django.db import migrations, models

KINDS = [
    ("idea", "New ideas and concerns"),
    ("comment", "Comments waiting for moderation"),
    ("funding", "Funding applications submitted"),
    ("funding_payment", "Payment requests of funded projects"),
    ("funding_proof", "Proofs of use of funded projects"),
    ("actionfund", "Action fund applications submitted"),
    ("suggestion", "Directory suggestions"),
    ("feedback", "Accessibility feedback"),
    ("forwarded", "Forwarded concerns without an answer"),
]


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="officenotice",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="officerecipients",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=20, unique=True, verbose_name="kind"),
        ),
    ]
