import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_branch_session_idle_minutes"),
        ("candidates", "0006_seed_form_lists_and_decision_issuers"),
    ]

    operations = [
        migrations.RemoveField(model_name="decision", name="issuer"),
        migrations.RenameField(
            model_name="decision", old_name="issuer_committee", new_name="issuer"
        ),
        migrations.AlterField(
            model_name="decision",
            name="issuer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.committee",
                verbose_name="issued by",
            ),
        ),
    ]
