from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_payment_commitment_amount_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="commitment",
            name="finance_com_cluster_a84505_idx",
        ),
        migrations.RemoveIndex(
            model_name="payment",
            name="finance_pay_cluster_b18c70_idx",
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["cluster", "year", "source", "category", "amount"], name="commitment_cell_amount"
            ),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["id", "amount"], name="commitment_id_amount"),
        ),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                fields=["cluster", "year", "source", "category", "stage", "amount"],
                name="payment_cell_stage_amount",
            ),
        ),
    ]
