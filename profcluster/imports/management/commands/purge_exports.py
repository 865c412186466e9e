from django.core.management.base import BaseCommand

from profcluster.imports.exports import KEEP_DAYS, export_jobs_purge


class Command(BaseCommand):
    help = "Delete background exports (jobs and their files) older than a number of days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS, help=f"default: {KEEP_DAYS}")

    def handle(self, *args, days, **options):
        count = export_jobs_purge(days=days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} exports older than {days} days"))
