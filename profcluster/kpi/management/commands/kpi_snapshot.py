import time

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from profcluster.accounts.models import User
from profcluster.core import datacache
from profcluster.kpi.models import ReportingPeriod
from profcluster.kpi.services import reports_submit_all


class Command(BaseCommand):
    help = (
        "Freeze the KPI snapshot of a period at its close: submit the draft and returned reports of every "
        "cluster in the user's reach (all of them for the federal operator) in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True, help="id of the reporting period")
        parser.add_argument(
            "--user", required=True, help="username recorded as the submitter in the reports' log"
        )

    def handle(self, *args, period, user, **options):
        try:
            period = ReportingPeriod.objects.get(pk=period)
        except ReportingPeriod.DoesNotExist:
            raise CommandError(f"No reporting period {period}.") from None
        try:
            user = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {user}.") from None
        started = time.monotonic()
        try:
            result = reports_submit_all(period=period, user=user)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        datacache.data_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"{period}: {len(result.submitted)} reports submitted in {seconds:.1f} s; "
                f"{len(result.already)} submitted before; {len(result.locked)} refused (period closed)."
            )
        )
