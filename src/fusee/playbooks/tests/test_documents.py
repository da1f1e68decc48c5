import pytest

from fusee.playbooks.documents import InvalidPlaybook, document_read

GOOD = """\
key: webinar-mini
name: Mini webinar
purpose: Test the reader.
milestone: Webinar live
roles:
  - key: host
    name: Host
steps:
  - key: topic
    title: Choose the topic
    offset: -10
    role: host
  - key: live
    title: Go live
    offset: 0
    duration: 0
    role: host
    depends_on: [topic]
"""


def problems(text: str, filename: str = "mini.yaml") -> list[str]:
    with pytest.raises(InvalidPlaybook) as refused:
        document_read(text, filename=filename)
    return refused.value.problems


def test_it_reads_a_valid_playbook():
    document = document_read(GOOD)
    assert document["key"] == "webinar-mini"
    assert [step["key"] for step in document["steps"]] == ["topic", "live"]


def test_it_names_file_line_and_column_of_a_yaml_syntax_error():
    found = problems(GOOD.replace("    role: host\n  - key: live", "    role: [host\n  - key: live"))
    assert len(found) == 1 and found[0].startswith("mini.yaml:")
    line = int(found[0].split(":")[1])
    assert 11 <= line <= 15 and "YAML syntax" in found[0]


def test_it_names_the_line_of_a_field_of_the_wrong_type():
    found = problems(GOOD.replace("offset: -10", "offset: soon"))
    assert found == ["mini.yaml:11:13 steps[0].offset: 'soon' is not of type 'integer'"]


def test_it_reports_a_missing_field_at_its_step():
    found = problems(GOOD.replace("    title: Choose the topic\n", ""))
    assert found == ["mini.yaml:9:5 steps[0]: a required field is missing: 'title'"]


def test_it_refuses_an_unknown_role_and_lists_the_roles():
    found = problems(GOOD.replace("    role: host\n    depends_on", "    role: speaker\n    depends_on"))
    assert found == ['mini.yaml:17:11 steps[1].role: unknown role "speaker"; the roles are: host']


def test_it_refuses_a_dependency_on_a_step_that_does_not_exist():
    found = problems(GOOD.replace("depends_on: [topic]", "depends_on: [topics]"))
    assert found == ['mini.yaml:18:18 steps[1].depends_on[0]: depends on "topics", '
                     "which is not a step of this playbook"]


def test_it_names_a_dependency_cycle_step_by_step():
    loop = "    role: host\n    depends_on: [live]\n  - key: live"
    text = GOOD.replace("    role: host\n  - key: live", loop)
    found = problems(text)
    assert len(found) == 1
    assert "the dependencies go round in a circle" in found[0]
    assert "topic → live → topic" in found[0] or "live → topic → live" in found[0]


def test_it_refuses_the_same_step_key_twice():
    found = problems(GOOD.replace("key: live", "key: topic").replace("depends_on: [topic]", "depends_on: []"))
    assert any('the key "topic" is used twice' in problem for problem in found)


def test_it_refuses_an_unknown_field():
    found = problems(GOOD.replace("    offset: -10\n", "    offset: -10\n    ofset: 3\n"))
    assert len(found) == 1 and "unknown field" in found[0] and "ofset" in found[0]


def test_it_refuses_an_empty_file():
    assert problems("") == ["mini.yaml:1:1: the file is empty"]


def test_it_refuses_a_key_that_would_hide_one_of_the_apps_pages():
    assert problems(GOOD.replace("key: webinar-mini", "key: new")) == [
        'mini.yaml:1:6 key: "new" is the name of a Fusée page: choose another key']
