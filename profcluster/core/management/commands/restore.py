from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profcluster.core import datacache
from profcluster.core.backup import restore


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup folder, then verify the record counts."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="do not ask: the current data is replaced")

    def handle(self, *args, folder, yes=False, **options):
        if not yes and input("The current data will be replaced. Type 'yes' to go on: ") != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = restore(Path(folder))
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        datacache.data_changed()
        self.stdout.write(
            self.style.SUCCESS(f"Restored and verified {sum(manifest['counts'].values())} records.")
        )
