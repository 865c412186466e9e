from profcluster.core.history import history_entries


def test_it_lists_changes_newest_first_with_field_labels(world, official):
    organisation = world.college_a
    organisation.short_name = "Колледж А+"
    organisation._change_reason = "Переименование"
    organisation.save()
    entries = history_entries(organisation)
    assert [e.kind for e in entries] == ["~", "+"]
    assert entries[0].reason == "Переименование"
    assert [(c.old, c.new) for c in entries[0].changes] == [("Колледж А", "Колледж А+")]


def test_it_shows_related_objects_by_name(world):
    cluster = world.cluster_a
    cluster.base_organisation = world.college_a2
    cluster.save()
    change = history_entries(cluster)[0].changes[0]
    assert (change.old, change.new) == ("Колледж А", "Колледж А2")
