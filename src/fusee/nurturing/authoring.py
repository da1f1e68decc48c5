"""Writes of a sequence's draft: the steps of its next version, edited before they are published.

The draft is a SequenceVersion without `published_at`: nothing runs it (enrolments only ever
enter the live version, the newest published one). Editing a live sequence starts a draft from
the live version's steps; publishing goes through services.sequence_publish, so a draft is
checked exactly like any other publication, and a refused one stays as it was.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext

from fusee.core.errors import DomainError, IllegalTransition
from fusee.core.models import User
from fusee.core.services import audit_record
from fusee.nurturing.models import Email, Sequence, SequenceStatus, SequenceVersion, Step, StepKind
from fusee.nurturing.selectors import draft_problems, sequence_draft, step_problems
from fusee.nurturing.services import sequence_publish, sequence_require_marketer

# What a new step of each kind starts with; `None` stands for the step that came next.
NEW_STEP_CONFIG: dict[str, dict[str, Any]] = {
    StepKind.WAIT: {"days": 1},
    StepKind.BRANCH: {"expression": "", "yes": None, "no": None},
    StepKind.SPLIT: {"variants": [{"name": "A", "weight": 50, "next": None},
                                  {"name": "B", "weight": 50, "next": None}]},
    StepKind.UPDATE: {"field": "lifecycle", "value": "mql"},
    StepKind.NOTIFY: {"message": ""},
}
FORKS = (StepKind.BRANCH, StepKind.SPLIT)


@transaction.atomic
def draft_open(*, actor: User | None, sequence: Sequence) -> SequenceVersion:
    """The sequence's draft; made from the live version's steps when there is none yet."""
    sequence_require_marketer(actor)
    locked = Sequence.objects.select_for_update().get(pk=sequence.pk)  # one draft, however many clicks
    if locked.status == SequenceStatus.ARCHIVED:
        raise DomainError(
            gettext("%(sequence)s is archived: it cannot be edited any more") % {"sequence": sequence}
        )
    if draft := sequence_draft(locked):
        return draft
    last = locked.versions.aggregate(last=Max("number"))["last"] or 0
    draft = SequenceVersion.objects.create(sequence=locked, number=last + 1)
    live = locked.live_version()
    if live is not None:
        Step.objects.bulk_create([
            Step(version=draft, key=step.key, position=step.position, kind=step.kind, email_id=step.email_id,
                 config=step.config, next_key=step.next_key)
            for step in live.steps.all()
        ])
    changes = {"from_version": live.number if live else None}
    audit_record(actor=actor, action="sequence.draft_opened", target=sequence, changes=changes)
    return draft


def draft_editable(actor: User | None, draft: SequenceVersion) -> None:
    sequence_require_marketer(actor)
    if draft.published_at is not None:
        raise DomainError(gettext("%(version)s is published: edit a draft instead") % {"version": draft})


@transaction.atomic
def draft_step_add(*, actor: User | None, draft: SequenceVersion, kind: str, after: str = "") -> Step:
    """A new step of `kind` right after the step `after` ("" for the very start), linked in:
    what came after that step now comes after the new one."""
    draft_editable(actor, draft)
    if kind not in StepKind.values:
        raise DomainError(f"unknown kind of step {kind!r}")
    steps = list(draft.steps.order_by("position"))
    previous = next((step for step in steps if step.key == after), None)
    if after and previous is None:
        raise DomainError(f"step {after}: no such step in this draft")
    following = step_following(previous, steps)
    position = previous.position + 1 if previous else 0
    draft.steps.filter(position__gte=position).update(position=F("position") + 1)
    step = Step.objects.create(
        version=draft, key=fresh_key(kind, steps), position=position, kind=kind,
        config=new_config(kind, following), next_key="" if kind in FORKS else following,
    )
    if previous is not None and previous.kind not in FORKS:
        previous.next_key = step.key
        previous.save(update_fields=["next_key"])
    positions_renumber(draft)
    audit_record(actor=actor, action="sequence.draft_step_added", target=draft.sequence,
                 changes={"step": step.key, "kind": kind})
    return step


def step_following(previous: Step | None, steps: list[Step]) -> str:
    """Where the flow went after `previous` (after nothing: the entry)."""
    if previous is None:
        return steps[0].key if steps else ""
    return previous.next_key if previous.kind not in FORKS else ""


def fresh_key(kind: str, steps: list[Step]) -> str:
    taken = {step.key for step in steps}
    number = len(steps) + 1
    while f"{kind}-{number}" in taken:
        number += 1
    return f"{kind}-{number}"


def new_config(kind: str, following: str) -> dict[str, Any]:
    config = NEW_STEP_CONFIG.get(kind, {})
    if kind == StepKind.BRANCH:
        return {**config, "yes": following, "no": following}
    if kind == StepKind.SPLIT:
        return {"variants": [{**variant, "next": following} for variant in config["variants"]]}
    return dict(config)


@transaction.atomic
def draft_step_save(
    *, actor: User | None, step: Step, config: dict[str, Any], email: Email | None = None, next_key: str = ""
) -> Step:
    """The step's settings, checked like at publication (DomainError naming the step)."""
    draft_editable(actor, step.version)
    step.config, step.email, step.next_key = config, email, next_key
    keys = set(step.version.steps.values_list("key", flat=True))
    if problems := step_problems(step, keys):
        raise DomainError(problems[0])
    step.save(update_fields=["config", "email", "next_key"])
    audit_record(actor=actor, action="sequence.draft_step_saved", target=step.version.sequence,
                 changes={"step": step.key, "config": config, "email": email.pk if email else None,
                          "next": next_key})
    return step


@transaction.atomic
def draft_step_delete(*, actor: User | None, step: Step) -> None:
    """Remove the step; whatever pointed to it now points to where it led."""
    draft = step.version
    draft_editable(actor, draft)
    others = list(draft.steps.exclude(pk=step.pk))
    for other in others:
        if relink(other, step.key, step.next_key):
            other.save(update_fields=["config", "next_key"])
    step.delete()
    positions_renumber(draft)
    audit_record(actor=actor, action="sequence.draft_step_deleted", target=draft.sequence,
                 changes={"step": step.key})


def relink(step: Step, old: str, new: str) -> bool:
    """Point what pointed at `old` to `new`; whether anything changed."""
    before = (step.next_key, repr(step.config))
    if step.next_key == old:
        step.next_key = new
    config = dict(step.config)
    for exit_name in ("yes", "no"):
        if config.get(exit_name) == old:
            config[exit_name] = new
    if "variants" in config:
        variants = config["variants"]
        config["variants"] = [{**v, "next": new} if v.get("next") == old else v for v in variants]
    step.config = config
    return (step.next_key, repr(step.config)) != before


@transaction.atomic
def draft_step_move(*, actor: User | None, step: Step, offset: int) -> None:
    """Swap the step with its neighbour above (-1) or below (+1); the first step is the entry."""
    draft_editable(actor, step.version)
    steps = list(step.version.steps.order_by("position"))
    index = next(index for index, other in enumerate(steps) if other.pk == step.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(steps):
        return
    steps[index], steps[target] = steps[target], steps[index]
    for position, moved in enumerate(steps):
        moved.position = position
    Step.objects.bulk_update(steps, ["position"])
    audit_record(actor=actor, action="sequence.draft_step_moved", target=step.version.sequence,
                 changes={"step": step.key, "position": target + 1})


def positions_renumber(draft: SequenceVersion) -> None:
    steps = list(draft.steps.order_by("position", "pk"))
    for position, step in enumerate(steps):
        step.position = position
    Step.objects.bulk_update(steps, ["position"])


@transaction.atomic
def draft_publish(*, actor: User | None, draft: SequenceVersion) -> SequenceVersion:
    """The draft's steps as the sequence's next version. A paused sequence stays paused."""
    draft_editable(actor, draft)
    sequence = Sequence.objects.select_for_update().get(pk=draft.sequence_id)
    if sequence.status == SequenceStatus.ARCHIVED:
        raise IllegalTransition(sequence, sequence.status, SequenceStatus.LIVE)
    if problems := draft_problems(draft):
        raise DomainError(next(iter(problems.values()))[0])
    steps = [
        {"key": s.key, "kind": s.kind, "email": s.email, "config": s.config, "next": s.next_key}
        for s in draft.steps.select_related("email").order_by("position")
    ]
    paused = sequence.status == SequenceStatus.PAUSED
    draft.delete()  # its number is free again: the new version takes it
    version = sequence_publish(actor=actor, sequence=sequence, steps=steps)
    if paused:
        sequence.status = SequenceStatus.PAUSED
        sequence.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def draft_discard(*, actor: User | None, draft: SequenceVersion) -> None:
    draft_editable(actor, draft)
    draft.delete()
    audit_record(actor=actor, action="sequence.draft_discarded", target=draft.sequence)
