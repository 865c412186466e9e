from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from profcluster.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a folder, with a manifest of record counts."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="default: backups/<date-time>")

    def handle(self, *args, folder=None, **options):
        target = Path(folder or f"backups/{timezone.now():%Y%m%d-%H%M%S}")
        manifest = backup(target)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {sum(manifest['counts'].values())} records to {target}")
        )
