"""The shipped library, checked with plain YAML and jsonschema only (no Fusée module), so it stands
on its own: every file valid against schema.json, roles and dependencies that exist, no cycle, and
dates that a planner can honour without moving anything."""

from __future__ import annotations

import json
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

PLAYBOOKS = Path(__file__).resolve().parent.parent
LIBRARY = PLAYBOOKS / "library"
FILES = sorted(LIBRARY.glob("*.yaml"))
EXPECTED = {"webinar", "emailing-campaign", "blog-article", "nurturing-sequence-launch", "trade-show",
            "country-launch", "tool-audit", "new-hire-onboarding"}
HOURS_PER_DAY = 24  # offset_hours only nudges a due time within its day; enough to order two steps


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a field written twice (plain YAML keeps the last one silently)."""


def construct_unique_mapping(loader: UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    keys = [loader.construct_object(key_node) for key_node, _ in node.value]
    repeated = {key for key in keys if keys.count(key) > 1}
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"field given twice: {sorted(repeated)}",
                                                node.start_mark)
    return loader.construct_mapping(node)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_unique_mapping)


def read(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)  # noqa: S506 (a SafeLoader)


def steps_of(path: Path) -> dict[str, dict[str, Any]]:
    return {step["key"]: step for step in read(path)["steps"]}


def due(step: dict[str, Any]) -> float:
    """The due date in business days from the milestone, hours as a fraction of a day."""
    return step["offset"] + step.get("offset_hours", 0) / HOURS_PER_DAY


def start(step: dict[str, Any]) -> float:
    return due(step) - step.get("duration", 1)


def actions_of(filename: str) -> set[str]:
    return {action for step in read(LIBRARY / filename)["steps"] for action in step.get("actions", [])}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads((PLAYBOOKS / "schema.json").read_text(encoding="utf-8")))


def test_it_ships_the_eight_playbooks_each_file_named_after_its_key():
    assert {path.stem for path in FILES} == EXPECTED
    assert all(read(path)["key"] == path.stem for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_validates_every_file_against_the_schema(path, validator):
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(read(path))]
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_uses_unique_keys_and_only_roles_and_steps_that_exist(path):
    document = read(path)
    role_keys = [role["key"] for role in document["roles"]]
    step_keys = [step["key"] for step in document["steps"]]
    assert len(set(role_keys)) == len(role_keys) and len(set(step_keys)) == len(step_keys)
    assert [s["key"] for s in document["steps"] if s["role"] not in role_keys] == []
    unknown = [(s["key"], needed) for s in document["steps"] for needed in s.get("depends_on", [])
               if needed not in step_keys or needed == s["key"]]
    assert unknown == []
    used = {step["role"] for step in document["steps"]}
    assert set(role_keys) - used == set(), "a role no step uses"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_has_no_dependency_cycle(path):
    graph = {key: step.get("depends_on", []) for key, step in steps_of(path).items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        pytest.fail(f"dependency cycle: {' → '.join(cycle.args[1])}")
    assert set(order) == set(graph)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_never_starts_a_step_before_what_it_depends_on_is_due(path):
    steps = steps_of(path)
    too_early = [f"{key} starts at {start(step):g}, {needed} is due at {due(steps[needed]):g}"
                 for key, step in steps.items() for needed in step.get("depends_on", [])
                 if due(steps[needed]) > start(step)]
    assert too_early == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_gives_every_step_a_full_guide(path):
    incomplete = [
        step["key"] for step in read(path)["steps"]
        if not (
            "duration" in step
            and len(step.get("tutorial", "").split()) >= 40
            and 2 <= len(step.get("best_practices", [])) <= 4
            and 3 <= len(step.get("checklist", [])) <= 6
            and step.get("deliverables")
        )
    ]
    assert incomplete == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_it_marks_the_milestone_with_one_step_on_its_day(path):
    document = read(path)
    at_milestone = [s for s in document["steps"] if s["offset"] == 0 and not s.get("offset_hours")
                    and s["duration"] == 0]
    assert len(at_milestone) == 1
    assert document["language"] == "en" and "milestone_time" in document


def test_it_plans_the_webinar_over_six_to_eight_weeks_with_25_steps_or_more():
    steps = steps_of(LIBRARY / "webinar.yaml")
    assert len(steps) >= 25
    assert -40 <= min(start(step) for step in steps.values()) <= -30
    assert read(LIBRARY / "webinar.yaml")["milestone_time"] == "11:00"
    live = steps["live"]
    assert (live["offset"], live["duration"]) == (0, 0)


def test_it_reminds_webinar_registrants_one_week_one_day_and_one_hour_before():
    steps = steps_of(LIBRARY / "webinar.yaml")
    reminders = {key: (steps[key]["offset"], steps[key].get("offset_hours", 0), steps[key]["duration"])
                 for key in ("reminder_week", "reminder_day", "reminder_hour")}
    assert reminders["reminder_week"][0] == -5
    assert reminders["reminder_day"][0] == -1
    assert reminders["reminder_hour"] == (0, -1, 0)


def test_it_links_the_webinar_follow_up_to_fusee_actions():
    assert {"recycle_webinar", "create_nurturing_sequence", "add_key_result"} <= actions_of("webinar.yaml")


def test_it_links_the_nurturing_launch_to_its_sequence_and_segment():
    assert {"create_nurturing_sequence", "create_segment"} <= actions_of("nurturing-sequence-launch.yaml")
