from django_tasks import task

from profcluster.core import datacache


@task()
def warm_boards() -> int:
    """The federal boards computed again after a write, for the first federal user who opens them."""
    return datacache.warm()
