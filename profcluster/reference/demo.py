from profcluster.reference.services import reference_data_load


def load(out) -> None:
    reference_data_load()
