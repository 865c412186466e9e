"""The API's filters by a related record choose within the permission gate."""

from profcluster.education.tests import conftest as education

college, edu = education.college, education.edu
STUDENTS = "/api/education/students/"


def test_an_id_outside_the_scope_is_answered_as_one_that_does_not_exist(as_user, outsider, edu):
    client = as_user(outsider)
    hidden = client.get(STUDENTS, {"group": edu.g26.pk})
    missing = client.get(STUDENTS, {"group": 999_999})
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["errors"].keys() == missing.json()["errors"].keys() == {"group"}
    # The same message but for the id: nothing tells the caller that the hidden group exists.
    assert hidden.json()["errors"]["group"][0].replace(str(edu.g26.pk), "?") == missing.json()["errors"][
        "group"
    ][0].replace("999999", "?")


def test_an_id_in_the_scope_filters_the_list(as_user, college, edu):
    names = {
        row["surname"] for row in as_user(college).get(STUDENTS, {"group": edu.g26.pk}).json()["results"]
    }
    assert names == {"Григорьева", "Дмитриев", "Егорова"}


def test_the_filters_of_a_list_by_several_records_choose_within_the_gate_too(as_user, outsider, edu):
    # Staff members by cluster: a filter over a many-to-many field.
    response = as_user(outsider).get("/api/staff/members/", {"clusters": edu.programme.cluster_id})
    assert response.status_code == 400 and "clusters" in response.json()["errors"]
