"""Sending personalised emails vs a raw smtplib loop, both to `fusee mailsink` in its own process.

N contacts of their own (`send<n>@bench-send.example`, one company) each get one queued Message
of a two-language email, created once as the engine's send step creates them. Each run:

- ours, 1 worker: `messages_send` over the N ids in batches of 500, as the scheduler hands
  them out: claim, template render, layout, CSS inlining, UTM, tracking, text part,
  List-Unsubscribe, DKIM, SMTP, and the per-message writes (Message rows, EMAIL_SENT events);
- baseline: one `smtplib.SMTP` connection `sendmail`-ing the very bytes ours built and
  signed in its first run, so both carry the same data;
- ours, 2 workers: the same ids split between two forked processes, each sending half.

DKIM is configured as a deployment does (FUSEE_DKIM_* → an RSA-2048 key made at start);
click tracking, the open pixel and List-Unsubscribe are sending's own. Messages are put back in
the queue between runs; every row the case made
(contacts, events, messages, enrolments, sequence, email) is deleted at the end, so the
contact and event counts `run.prepare` checks stay the same.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import multiprocessing
import os
import re
import shutil
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils import timezone

DEFAULT_MESSAGES = 40_000
BATCH_SIZE = 500  # the scheduler's batches
WORKERS = 2
RECIPIENT_DOMAIN = "bench-send.example"
SENDER = "hello@orbitale.example"
SEQUENCE_NAME = EMAIL_NAME = "Bench: sending throughput"
LISTENING = re.compile(r"smtp://[^\s:]+:(\d+)")
TARGET = 0.5  # per-worker throughput as a share of the smtplib loop's

SUBJECTS = {
    "fr": "{{ contact.first_name }}, le guide de l'ouverture pour {{ company.name|default:'vous' }}",
    "en": "{{ contact.first_name }}, the opening guide for {{ company.name|default:'you' }}",
}
BODIES = {
    "fr": """Bonjour **{{ contact.first_name }}**,

{% if contact.job_title %}En tant que {{ contact.job_title }}, vous{% else %}Vous{% endif %} préparez \
l'ouverture de nouveaux sites : voici ce que nos clients de {{ company.industry|default:'votre secteur' }} \
ont appris en ouvrant {{ contact.custom.sites|default:'plusieurs' }} magasins cette année.

- [Le guide en 12 étapes](https://orbitale.example/guides/ouverture?lang=fr)
- [Trois études de cas](https://orbitale.example/clients/etudes-de-cas)
- [Le calculateur de délais](https://orbitale.example/outils/calculateur#delais)

Répondez à ce message pour en parler avec {{ contact.custom.owner|default:'notre équipe' }}, ou \
[réservez un créneau](https://orbitale.example/demo?source=nurture).

À bientôt,
L'équipe Orbitale""",
    "en": """Hello **{{ contact.first_name }}**,

{% if contact.job_title %}As {{ contact.job_title }}, you{% else %}You{% endif %} are planning new \
sites: here is what our customers in {{ company.industry|default:'your industry' }} learnt opening \
{{ contact.custom.sites|default:'several' }} stores this year.

- [The 12-step guide](https://orbitale.example/guides/opening?lang=en)
- [Three case studies](https://orbitale.example/customers/case-studies)
- [The lead-time calculator](https://orbitale.example/tools/calculator#lead-time)

Reply to this email to talk it over with {{ contact.custom.owner|default:'our team' }}, or \
[book a slot](https://orbitale.example/demo?source=nurture).

See you soon,
The Orbitale team""",
}


def send_throughput(args: argparse.Namespace) -> dict[str, Any]:
    count = getattr(args, "send_messages", DEFAULT_MESSAGES)
    # A run of 40,000 takes minutes: a knob to take fewer runs than the other cases.
    repeat = getattr(args, "send_repeat", args.repeat)
    fixtures_delete()  # what a crashed run may have left
    try:
        message_ids = fixtures_create(count=count)
        with signed_and_tracked() as built, MailSink() as sink:
            timings = measure(sink=sink, message_ids=message_ids, built=built, repeat=repeat)
    finally:
        fixtures_delete()
    return result_row(count=count, timings=timings)


@dataclasses.dataclass
class Timings:
    baseline: list[float] = dataclasses.field(default_factory=list)
    one_worker: list[float] = dataclasses.field(default_factory=list)
    two_workers: list[float] = dataclasses.field(default_factory=list)
    per_process: list[float] = dataclasses.field(default_factory=list)  # seconds of the slower process


@dataclasses.dataclass
class Built:
    """The messages `sending` built, kept while `keep` is on: the baseline sends the same bytes."""

    keep: bool = False
    messages: list[tuple[str, bytes]] = dataclasses.field(default_factory=list)


def measure(*, sink: MailSink, message_ids: list[int], built: Built, repeat: int) -> Timings:
    timings, expected = Timings(), len(message_ids)
    for run in range(repeat):
        messages_requeue(message_ids=message_ids)
        built.keep = run == 0
        timings.one_worker.append(sink.timed(lambda: send_batches(sink.port, message_ids), expected=expected))
        built.keep = False
        smtplib_run = functools.partial(smtplib_loop, port=sink.port, messages=built.messages)
        timings.baseline.append(sink.timed(smtplib_run, expected=expected))
        messages_requeue(message_ids=message_ids)
        wall, slowest = send_in_processes(port=sink.port, message_ids=message_ids)
        sink.check_and_clear(expected=expected)
        timings.two_workers.append(wall)
        timings.per_process.append(slowest)
    return timings


def result_row(*, count: int, timings: Timings) -> dict[str, Any]:
    ours, base = statistics.median(timings.one_worker), statistics.median(timings.baseline)
    two, slowest = statistics.median(timings.two_workers), statistics.median(timings.per_process)
    ratio = base / ours  # = our msg/s over the baseline's
    note = (
        f"msg/s: 1 worker {count / ours:,.0f}; 2 workers {count / two:,.0f} in all, "
        f"{count / WORKERS / slowest:,.0f} per process ({base / WORKERS / slowest:.2f}× raw); "
        f"raw smtplib {count / base:,.0f}; DKIM RSA-2048, click and open tracking, List-Unsubscribe"
    )
    return {
        "name": f"send {count:,} emails vs smtplib",
        "seconds": ours,
        "baseline": base,
        "ratio": ratio,
        "limit": f"≥{TARGET:g}×",
        "ok": ratio >= TARGET,
        "note": note,
    }


# The contacts, the email and its queued messages


def fixtures_create(*, count: int) -> list[int]:
    """N contacts, each with a completed enrolment and the queued Message its send step made."""
    from fusee.contacts.models import Company
    from fusee.nurturing.models import Message

    company = Company.objects.create(name="Bench Send", domain=RECIPIENT_DOMAIN, industry="retail")
    contacts = contacts_create(count=count, company=company)
    sequence = sequence_create(email=email_create())
    version = sequence.live_version()
    assert version is not None
    step, now = version.steps.get(), timezone.now()
    enrolments = enrolments_create(contacts=contacts, version=version, now=now)
    rows = [message_of(enrolment, step, now) for enrolment in enrolments]
    return [message.pk for message in Message.objects.bulk_create(rows, batch_size=5000)]


def enrolments_create(*, contacts: list[Any], version: Any, now: Any) -> list[Any]:
    from fusee.nurturing.models import Enrolment, EnrolmentStatus

    rows = [
        Enrolment(
            sequence=version.sequence,
            version=version,
            contact=contact,
            step_key="welcome",
            status=EnrolmentStatus.COMPLETED,
            ended_at=now,
        )
        for contact in contacts
    ]
    return Enrolment.objects.bulk_create(rows, batch_size=5000)


def contacts_create(*, count: int, company: Any) -> list[Any]:
    from fusee.contacts.models import Contact, LegalBasis

    rows = [
        Contact(
            email=f"send{n}@{RECIPIENT_DOMAIN}",
            first_name=f"Prénom{n}",
            last_name=f"Nom{n % 997}",
            job_title="Directrice des opérations" if n % 3 else "",
            language="fr" if n % 2 else "en",
            country="FR",
            company=company,
            legal_basis=LegalBasis.CONSENT,
            custom={"sites": n % 40, "owner": "Claire"} if n % 4 else {},
        )
        for n in range(1, count + 1)
    ]
    return Contact.objects.bulk_create(rows, batch_size=5000)


def email_create() -> Any:
    from fusee.nurturing.models import BodyFormat, Email, EmailContent

    email = Email.objects.create(
        name=EMAIL_NAME,
        from_name="Orbitale",
        from_email=SENDER,
        reply_to="sales@orbitale.example",
        utm_campaign="opening-guide",
    )
    for language in ("fr", "en"):
        EmailContent.objects.create(
            email=email,
            language=language,
            subject=SUBJECTS[language],
            preheader="12 étapes, 3 études de cas",
            body=BODIES[language],
            body_format=BodyFormat.MARKDOWN,
        )
    return email


def sequence_create(*, email: Any) -> Any:
    from fusee.nurturing.models import Sequence
    from fusee.nurturing.services import sequence_publish

    sequence = Sequence.objects.create(name=SEQUENCE_NAME)
    sequence_publish(
        actor=None, sequence=sequence, steps=[{"key": "welcome", "kind": "send", "email": email}]
    )
    return sequence


def message_of(enrolment: Any, step: Any, now: Any) -> Any:
    """The row `engine.run_send` creates for a send step."""
    from fusee.nurturing.engine import message_id
    from fusee.nurturing.models import Message

    contact = enrolment.contact
    return Message(
        enrolment=enrolment,
        step_key=step.key,
        email=step.email,
        contact=contact,
        language=contact.language,
        message_id=message_id(enrolment, step),
        created_at=now,
    )


def messages_requeue(*, message_ids: list[int]) -> None:
    """Back to `queued`, their EMAIL_SENT events gone: the next run sends them afresh."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nurturing_message SET status = 'queued', attempts = 0, next_attempt_at = NULL, "
            "claimed_by = '', claimed_at = NULL, handed_at = NULL, sent_at = NULL, smtp_code = NULL, "
            "smtp_reply = '' WHERE id = ANY(%s)",
            [message_ids],
        )
        cursor.execute(
            "DELETE FROM contacts_event WHERE contact_id IN "
            "(SELECT contact_id FROM nurturing_message WHERE id = ANY(%s))",
            [message_ids],
        )
        cursor.execute("VACUUM ANALYZE nurturing_message")  # a run leaves four dead versions of each row


def fixtures_delete() -> None:
    from fusee.contacts.models import Company, Contact
    from fusee.core.models import AuditEntry
    from fusee.nurturing.models import Email, Sequence

    ours = Contact.objects.filter(email__endswith=f"@{RECIPIENT_DOMAIN}")
    contacts = list(ours.values_list("pk", flat=True))
    for start in range(0, len(contacts), 10_000):  # PostgreSQL takes at most 65,535 parameters a query
        # Cascades to their events, enrolments and messages.
        Contact.objects.filter(pk__in=contacts[start : start + 10_000]).delete()
    sequences = Sequence.objects.filter(name=SEQUENCE_NAME)
    published = [str(pk) for pk in sequences.values_list("pk", flat=True)]
    AuditEntry.objects.filter(target_type="nurturing.sequence", target_id__in=published).delete()
    sequences.delete()
    Email.objects.filter(name=EMAIL_NAME).delete()
    Company.objects.filter(domain=RECIPIENT_DOMAIN).delete()


# DKIM configured as a deployment would, and the bytes kept for the baseline


@contextlib.contextmanager
def signed_and_tracked() -> Iterator[Built]:
    """DKIM on (an RSA-2048 key in a temporary FUSEE_DKIM_KEY_FILE); the messages `sending` built
    in the first run are kept, so the smtplib baseline sends the very same bytes."""
    from django.conf import settings

    from fusee.config.env import Dkim
    from fusee.nurturing.sending import preparing

    original, built = preparing.message_build, Built()
    with tempfile.NamedTemporaryFile(suffix=".pem") as key_file:
        key_file.write(new_private_key())
        key_file.flush()
        dkim = Dkim(domain=SENDER.split("@")[1], selector="bench", key_file=Path(key_file.name))

        def message_build(message: Any, batch: Any) -> bytes:
            raw = original(message, batch)
            if built.keep:
                built.messages.append((message.contact.email, raw))
            return raw

        previous, settings.FUSEE_DKIM, preparing.message_build = settings.FUSEE_DKIM, dkim, message_build
        try:
            yield built
        finally:
            settings.FUSEE_DKIM, preparing.message_build = previous, original


def new_private_key() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


# The three ways of sending


def smtplib_loop(*, port: int, messages: list[tuple[str, bytes]]) -> None:
    with smtplib.SMTP("127.0.0.1", port) as client:
        for recipient, raw in messages:
            client.sendmail(SENDER, [recipient], raw)


def send_batches(port: int, message_ids: list[int]) -> int:
    from fusee.nurturing.sending import messages_send
    from fusee.nurturing.transport.smtp import SmtpUrl

    url, sent = SmtpUrl.parse(f"smtp://127.0.0.1:{port}"), 0
    for start in range(0, len(message_ids), BATCH_SIZE):
        report = messages_send(message_ids=message_ids[start : start + BATCH_SIZE], url=url)
        sent += report.sent
    if sent != len(message_ids):
        raise AssertionError(f"messages_send sent {sent:,} of {len(message_ids):,} messages")
    return sent


def send_in_processes(*, port: int, message_ids: list[int]) -> tuple[float, float]:
    """(wall seconds, seconds of the slower process) for WORKERS forked processes sharing the ids."""
    shares = [(port, message_ids[worker::WORKERS]) for worker in range(WORKERS)]
    connections.close_all()  # a forked child must not share the parent's database socket
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        started = time.perf_counter()
        seconds = pool.starmap(worker_send, shares)
        wall = time.perf_counter() - started
    return wall, max(seconds)


def worker_send(port: int, message_ids: list[int]) -> float:
    started = time.perf_counter()
    send_batches(port, message_ids)
    seconds = time.perf_counter() - started
    connections.close_all()
    return seconds


class MailSink:
    """`fusee mailsink` on a free port in its own process, its Maildir emptied after each run."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="fusee-bench-sink-"))
        self.port = 0
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> MailSink:
        command = [
            str(Path(sys.executable).with_name("fusee")),
            "mailsink",
            "--port",
            "0",
            "--dir",
            str(self.directory),
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        line = self._process.stdout.readline()  # "Mail sink listening on smtp://127.0.0.1:<port>, …"
        if not (found := LISTENING.search(line)):
            self.__exit__()
            raise RuntimeError(f"fusee mailsink did not start: {line!r}")
        self.port = int(found[1])
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            self._process.communicate(timeout=30)
        shutil.rmtree(self.directory, ignore_errors=True)

    def timed(self, send: Callable[[], object], *, expected: int) -> float:
        started = time.perf_counter()
        send()
        seconds = time.perf_counter() - started
        self.check_and_clear(expected=expected)
        return seconds

    def check_and_clear(self, *, expected: int) -> None:
        """The sink must hold every message of the run; then it is emptied for the next one."""
        kept = 0
        with os.scandir(self.directory / "new") as entries:
            for entry in entries:
                os.unlink(entry.path)
                kept += 1
        if kept != expected:
            raise AssertionError(f"the mail sink received {kept:,} messages, expected {expected:,}")
