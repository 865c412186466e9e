from django.core.management.base import BaseCommand, CommandError

from profcluster.core import datacache


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic country for load tests (scale 1.0: 600 clusters, 10 000 "
        "organisations, 100 000 staff, 1 000 000 students, 2 000 000 ledger entries). No history records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.01, help="1.0 is the full country; 0.01 a quick run."
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already has clusters (refused otherwise, to protect real data).",
        )

    def handle(self, *args, scale, seed, append, **options):
        from profcluster.clusters.models import Cluster
        from profcluster.core.synthetic import generate_country

        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if Cluster.objects.exists() and not append:
            raise CommandError(
                "The database already has clusters; synthetic data is meant for an empty one. "
                "Pass --append to add to it."
            )
        written = generate_country(scale=scale, seed=seed, out=self.stdout)
        datacache.data_changed()
        self.stdout.write(self.style.SUCCESS(f"Synthetic country generated: {sum(written.values())} rows."))
