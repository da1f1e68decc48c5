"""Reads of nurturing for its pages: each list or set of counts is one query, however many rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fusee.contacts.models import Contact
from fusee.contacts.selectors import contact_search
from fusee.core.errors import DomainError
from fusee.core.models import Workspace
from fusee.nurturing.abtest import auto_winner_rule
from fusee.nurturing.editing import BLANK_PERSONALISATION
from fusee.nurturing.mail.building import (
    BrandLayout,
    OutgoingEmail,
    html_to_text,
    make_message_id,
    render_html_document,
)
from fusee.nurturing.mail.templating import compile_template
from fusee.nurturing.models import (
    Email,
    EmailContent,
    Enrolment,
    EnrolmentStatus,
    Message,
    MessageStatus,
    Sequence,
    SequenceVersion,
    Step,
    StepKind,
)
from fusee.nurturing.sending import body_source, personalisation
from fusee.nurturing.services import pointers, step_settings_check

PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.RETRY)
PICKER_SIZE = 10
DEFAULT_BRAND_COLOUR = "#d9480f"
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def enrolments_counted(status: str, prefix: str = "enrolments") -> Count:
    return Count(prefix, filter=Q(**{f"{prefix}__status": status}))


def sequence_list() -> QuerySet[Sequence]:
    """Sequences with their live version's number and their contacts by status, in one query."""
    live = SequenceVersion.objects.filter(sequence=OuterRef("pk"), published_at__isnull=False)
    return Sequence.objects.annotate(
        live_number=Subquery(live.order_by("-number").values("number")[:1]),
        active=enrolments_counted(EnrolmentStatus.ACTIVE),
        completed=enrolments_counted(EnrolmentStatus.COMPLETED),
        exited=enrolments_counted(EnrolmentStatus.EXITED),
    ).order_by("name")


def sequence_versions(sequence: Sequence) -> list[SequenceVersion]:
    """Newest first, each with its contacts still on the way (`active`) and ever (`contacts`)."""
    versions = sequence.versions.annotate(
        active=enrolments_counted(EnrolmentStatus.ACTIVE), contacts=Count("enrolments")
    )
    return list(versions.order_by("-number"))


def versions_with_contacts(sequence: Sequence) -> QuerySet[SequenceVersion]:
    """The versions contacts are still on their way through, each with how many (`active`)."""
    versions = sequence.versions.annotate(active=enrolments_counted(EnrolmentStatus.ACTIVE))
    return versions.filter(active__gt=0).order_by("-number")


def version_shown(versions: list[SequenceVersion], number: int | None) -> SequenceVersion | None:
    """The version asked for, else the live one (the newest published)."""
    if number is not None:
        return next((version for version in versions if version.number == number), None)
    return next((version for version in versions if version.published_at is not None), None)


def sequence_draft(sequence: Sequence) -> SequenceVersion | None:
    """The next version being edited: unpublished, so nothing runs it."""
    return sequence.versions.filter(published_at__isnull=True).first()


def waiting_by_step(version: SequenceVersion, *, other_versions: bool = False) -> dict[str, int]:
    """Contacts of this version (or of the sequence's other ones) still in the sequence, by the
    key of the step they are waiting at: keys are stable across versions."""
    active = Enrolment.objects.filter(sequence_id=version.sequence_id, status=EnrolmentStatus.ACTIVE)
    active = active.exclude(version=version) if other_versions else active.filter(version=version)
    rows = active.order_by().values("step_key").annotate(count=Count("id"))
    return {row["step_key"]: row["count"] for row in rows}


@dataclass
class StepMessages:
    sent: int = 0
    pending: int = 0  # queued, being sent, or waiting for a retry: not finished yet
    failed: int = 0  # bounced or refused


def messages_by_step(version: SequenceVersion) -> dict[str, StepMessages]:
    rows = (
        Message.objects.filter(enrolment__version=version)
        .order_by()
        .values("step_key", "status")
        .annotate(count=Count("id"))
    )
    counts: dict[str, StepMessages] = {}
    for row in rows:
        tally = counts.setdefault(row["step_key"], StepMessages())
        bucket = message_bucket(row["status"])
        setattr(tally, bucket, getattr(tally, bucket) + row["count"])
    return counts


def message_bucket(status: str) -> str:
    if status == MessageStatus.SENT:
        return "sent"
    return "pending" if status in PENDING else "failed"


# The flow: a version's steps laid out as a tree a page can draw top to bottom.


@dataclass
class FlowNode:
    step: Step
    summary: str
    waiting: int
    messages: StepMessages | None  # send steps only
    waiting_elsewhere: int = 0  # at the same step of the sequence's other versions
    paths: list[FlowPath] = field(default_factory=list)  # branches and splits
    continues_at: str = ""  # where the paths meet again, or the next step


@dataclass
class FlowPath:
    """A run of steps; `end` says what comes after its last one: "end" of the sequence, "merge"
    (it meets the other paths below), "jump" (to `jump_to`, drawn elsewhere), "" (paths follow)."""

    label: str = ""
    nodes: list[FlowNode] = field(default_factory=list)
    end: str = "end"
    jump_to: str = ""


def sequence_flow(version: SequenceVersion) -> FlowPath:
    steps = list(version.steps.select_related("email").order_by("position"))
    if not steps:
        return FlowPath()
    layout = FlowLayout(
        steps={step.key: step for step in steps},
        waiting=waiting_by_step(version),
        messages=messages_by_step(version),
        elsewhere=waiting_by_step(version, other_versions=True),
    )
    return layout.path(steps[0].key, stops=frozenset())


@dataclass
class FlowLayout:
    """Draws each step once: a branch's paths stop where they meet again, and the flow goes on
    from there; a path reaching a step already drawn (a loop) points to it instead."""

    steps: dict[str, Step]
    waiting: dict[str, int]
    messages: dict[str, StepMessages]
    elsewhere: dict[str, int] = field(default_factory=dict)
    drawn: set[str] = field(default_factory=set)
    reach: dict[str, set[str]] = field(default_factory=dict)

    def path(self, key: str, *, stops: frozenset[str], label: str = "") -> FlowPath:
        path = FlowPath(label=label)
        while key in self.steps:
            if key in stops:
                path.end = "merge"
                return path
            if key in self.drawn:
                path.end, path.jump_to = "jump", key
                return path
            node = self.node(self.steps[key], stops)
            path.nodes.append(node)
            if node.paths and not node.continues_at:
                path.end = ""
                return path
            key = node.continues_at
        return path

    def node(self, step: Step, stops: frozenset[str]) -> FlowNode:
        self.drawn.add(step.key)
        node = FlowNode(
            step=step,
            summary=step_summary(step),
            waiting=self.waiting.get(step.key, 0),
            waiting_elsewhere=self.elsewhere.get(step.key, 0),
            messages=self.messages.get(step.key, StepMessages()) if step.kind == StepKind.SEND else None,
            continues_at=step.next_key,
        )
        exits = step_exits(step)
        if exits:
            join = self.join_of([key for _label, key in exits])
            inner = stops | {join} if join else stops
            node.paths = [self.path(key, stops=inner, label=label) for label, key in exits]
            node.continues_at = join
        return node

    def join_of(self, keys: list[str]) -> str:
        """The first step every path reaches (the one the others come after), or ""."""
        reached = [self.reachable(key) | {key} if key else set() for key in keys]
        common = set.intersection(*reached) - self.drawn if reached else set()
        first = [key for key in common if common <= self.reachable(key) | {key}]
        return min(first or common, key=lambda key: self.steps[key].position, default="")

    def reachable(self, key: str) -> set[str]:
        if key not in self.reach:
            seen: set[str] = set()
            todo = [target for target in step_targets(self.steps[key])] if key in self.steps else []
            while todo:
                current = todo.pop()
                if current in self.steps and current not in seen:
                    seen.add(current)
                    todo += step_targets(self.steps[current])
            self.reach[key] = seen
        return self.reach[key]


def step_exits(step: Step) -> list[tuple[str, str]]:
    """(label, next key) of each path out of a branch or a split; [] for the other kinds."""
    if step.kind == StepKind.BRANCH:
        return [(_("Yes"), str(step.config.get("yes", ""))), (_("No"), str(step.config.get("no", "")))]
    if step.kind != StepKind.SPLIT:
        return []
    variants = step.config.get("variants", [])
    total = sum(int(variant.get("weight", 0)) for variant in variants) or 1
    return [
        (f"{variant.get('name', '?')} · {round(100 * int(variant.get('weight', 0)) / total)}%",
         str(variant.get("next", "")))
        for variant in variants
    ]


def step_targets(step: Step) -> list[str]:
    return [key for key in [step.next_key, *(key for _label, key in step_exits(step))] if key]


def step_summary(step: Step) -> str:
    """One line saying what the step does (the email of a send step is linked by the page)."""
    config: dict[str, Any] = step.config or {}
    if step.kind == StepKind.WAIT:
        return wait_summary(config)
    if step.kind == StepKind.BRANCH:
        return str(config.get("expression", ""))
    if step.kind == StepKind.UPDATE:
        return f"{config.get('field', '')} → {config.get('value', '')}"
    if step.kind == StepKind.NOTIFY:
        return str(config.get("message", ""))
    return str(config.get("description", ""))


def wait_summary(config: dict[str, Any]) -> str:
    if "weekday" in config:
        day = WEEKDAYS.get(int(config["weekday"]) - 1, "?")
        values = {"day": day, "time": config.get("at", "09:00")}
        return _("until %(day)s at %(time)s, in the contact's time zone") % values
    units = (
        ("days", lambda n: ngettext("%(n)d day", "%(n)d days", n)),
        ("hours", lambda n: ngettext("%(n)d hour", "%(n)d hours", n)),
        ("minutes", lambda n: ngettext("%(n)d minute", "%(n)d minutes", n)),
    )
    parts = [label(config[unit]) % {"n": config[unit]} for unit, label in units if config.get(unit)]
    return ", ".join(parts)


# The draft editor.


@dataclass
class DraftStep:
    step: Step
    summary: str
    exits: list[tuple[str, str]]  # (label, key of the step it leads to; "" for the end)
    problems: list[str]


def draft_steps(draft: SequenceVersion, problems: dict[str, list[str]]) -> list[DraftStep]:
    steps = draft.steps.select_related("email").order_by("position")
    return [
        DraftStep(step=step, summary=step_summary(step), problems=problems.get(step.key, []),
                  exits=step_exits(step) or [(_("Then"), step.next_key)])
        for step in steps
    ]


def draft_problems(draft: SequenceVersion) -> dict[str, list[str]]:
    """What stops the draft from being published, by step key ("" for the draft as a whole)."""
    steps = list(draft.steps.select_related("email").order_by("position"))
    if not steps:
        return {"": [_("a sequence needs at least one step")]}
    keys = {step.key for step in steps}
    problems = {step.key: step_problems(step, keys) for step in steps}
    return {key: found for key, found in problems.items() if found}


def step_problems(step: Step, keys: set[str]) -> list[str]:
    """The checks of services.steps_check for one step, every problem rather than the first."""
    where = _("step %(key)s") % {"key": step.key}
    message = _("%(where)s: points to '%(target)s', which is not a step of this sequence")
    missing = [target for target in pointers(step) if target and target not in keys]
    found = [message % {"where": where, "target": target} for target in missing]
    for check in (step_settings_check, split_rule_check):
        try:
            check(step, where)
        except DomainError as error:
            found.append(str(error))
    return found


def split_rule_check(step: Step, where: str) -> None:
    if step.kind == StepKind.SPLIT:
        auto_winner_rule(step)



# Emails.


def email_list() -> QuerySet[Email]:
    """Emails with their messages sent, and their variants in one more query."""
    sent = Count("messages", filter=Q(messages__status=MessageStatus.SENT))
    return Email.objects.annotate(sent=sent).prefetch_related("contents").order_by("name")


def picker_contacts(text: str) -> list[Contact]:
    """Contacts to preview an email as: by email, name or company prefix."""
    if not text.strip():
        return []
    matches = Contact.objects.filter(contact_search(text)).select_related("company")
    return list(matches.order_by("email")[:PICKER_SIZE])


def preview_contact(pk: str | None) -> Contact | None:
    if not pk or not pk.isdigit():
        return None
    return Contact.objects.select_related("company").filter(pk=int(pk)).first()


@dataclass
class Preview:
    content: EmailContent | None
    subject: str = ""
    html: str = ""
    text: str = ""
    error: str = ""
    footer_has_address: bool = True  # the law wants the sender's postal address in every email


def email_preview(*, email: Email, contact: Contact | None, language: str) -> Preview:
    """The email as `contact` (or a contact with every field empty) would get it in `language`.

    Rendered like the sender does, without tracking; a template error is returned, not raised.
    """
    content = email.content_for(language)
    if content is None:
        return Preview(content=None)
    context = personalisation(contact) if contact else BLANK_PERSONALISATION
    try:
        with translation.override(content.language):
            subject = compile_template(content.subject, html=False).render(context).strip()
            body = compile_template(body_source(content), html=True).render(context)
        workspace = Workspace.current()
        outgoing = preview_outgoing(email, content, contact, subject, body)
        html = render_html_document(email=outgoing, layout=brand_layout(workspace))
    except DomainError as error:
        return Preview(content=content, error=str(error))
    return Preview(content=content, subject=subject, html=html, text=html_to_text(html),
                   footer_has_address=bool(workspace.postal_address.strip()))


def preview_outgoing(
    email: Email, content: EmailContent, contact: Contact | None, subject: str, body: str
) -> OutgoingEmail:
    return OutgoingEmail(
        message_id=make_message_id(key="preview", domain="fusee.invalid"),
        from_name=email.from_name,
        from_address=email.from_email,
        to_address=contact.email if contact else "",
        to_name=contact.full_name if contact else "",
        reply_to=email.reply_to,
        subject=subject,
        html_body=body,
        preheader=content.preheader,
        language=content.language,
        unsubscribe_url="#unsubscribe",  # no message, no token: the preview's link goes nowhere
        unsubscribe_mailto=email.from_email,
        utm_campaign=email.utm_campaign or email.name,
    )


def brand_layout(workspace: Workspace) -> BrandLayout:
    """The workspace's brand, with defaults for what is missing or malformed."""
    colour = workspace.brand_color if _COLOUR.fullmatch(workspace.brand_color or "") else DEFAULT_BRAND_COLOUR
    name = workspace.name.strip() or "Fusée"
    return BrandLayout(name=name, primary_colour=colour, footer_text=workspace.postal_address.strip() or name)
