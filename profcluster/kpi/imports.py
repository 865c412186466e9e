"""Importable registers of this app: the targets of the clusters (плановые значения показателей), by cluster,
indicator and year, as regional ministries keep them in the tables of the grant agreements.

Targets are set by the regional ministry or the federal operator, not by the cluster that reports against
them, so a cluster is found only among those the user may set targets for. Manual values are not importable:
each needs its evidence file and goes through `manual_value_save`, which checks that the period is open.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profcluster.clusters.models import Cluster
from profcluster.core.importer import CellError, Column, ImportSpec, integer, related, text
from profcluster.core.permissions import VIEW
from profcluster.kpi.models import Indicator, Target
from profcluster.kpi.services import can_set_targets

PLACES = Decimal("0.0001")  # as stored: ratios such as 0,3 rouble per federal rouble need more than kopecks


def indicator_value(value) -> Decimal | None:
    """A number as spreadsheets give it: «1 234,5», «85 %», «0,3»."""
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = repr(value)
    raw = re.sub(r"[\s\u00a0%₽]", "", text(value)).replace(",", ".")
    try:
        return Decimal(raw).quantize(PLACES)
    except InvalidOperation:
        raise CellError(gettext("not a number")) from None


def target_cluster(value, user):
    raw = " ".join(text(value).split())
    if not raw:
        return None
    found = list(Cluster.objects.restrict(user, VIEW).filter(name__iexact=raw)[:2])
    if len(found) != 1:
        raise CellError(gettext("«%(value)s» is not found") % {"value": raw})
    if not can_set_targets(user, found[0]):
        raise CellError(gettext("Targets are set by the regional ministry or the federal operator."))
    return found[0]


target_cluster.needs_user = True


SPECS = [
    ImportSpec(
        slug="kpi-targets",
        title=_("Targets of indicators"),
        model=Target,
        key=("cluster", "indicator", "year"),
        columns=[
            Column(
                "cluster",
                "Кластер",
                target_cluster,
                ("наименование кластера", "cluster"),
                required=True,
                example="ОПЦ лёгкой промышленности",
            ),
            Column(
                "indicator",
                "Показатель",
                related(
                    lambda user: Indicator.objects.restrict(user, VIEW).filter(active=True),
                    "code",
                    "name__iexact",
                ),
                ("код показателя", "наименование показателя", "indicator"),
                required=True,
                example="students_studying",
                help=_("The indicator's code or its name as in the list of indicators."),
            ),
            Column("year", "Год", integer, ("year",), required=True, example=2025),
            Column(
                "value",
                "Плановое значение",
                indicator_value,
                ("значение", "план", "целевое значение", "target"),
                required=True,
                example="1 250",
                help=_(
                    "In the indicator's unit: people, per cent, hours or roubles; a decimal comma is fine."
                ),
            ),
        ],
    ),
]
