from django.db import transaction

from profcluster.reference.data import INDUSTRIES, REGIONS


@transaction.atomic
def reference_data_load(*, region_model=None, industry_model=None) -> None:
    """Create the missing regions and industries; names edited by admins are left as they are.

    The model classes are parameters so that the data migration can pass its historical models.
    """
    from profcluster.reference.models import Industry, Region

    region_model = region_model or Region
    industry_model = industry_model or Industry
    for code, name in REGIONS:
        region_model.objects.get_or_create(code=code, defaults={"name": name})
    for slug, name in INDUSTRIES:
        industry_model.objects.get_or_create(slug=slug, defaults={"name": name})
