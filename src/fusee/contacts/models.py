"""Companies, contacts and everything they do (events), built for a million contacts."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    RETAIL = "retail", _("Retail")
    HOSPITALITY = "hospitality", _("Hospitality")
    RESTAURANTS = "restaurants", _("Restaurants")
    HEALTHCARE = "healthcare", _("Healthcare")
    BANKING = "banking", _("Banking & insurance")
    REAL_ESTATE = "real_estate", _("Real estate")
    FITNESS = "fitness", _("Fitness & leisure")
    LOGISTICS = "logistics", _("Logistics")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    EDUCATION = "education", _("Education")
    PUBLIC_SECTOR = "public_sector", _("Public sector")
    AUTOMOTIVE = "automotive", _("Automotive")
    OTHER = "other", _("Other")


class EmployeeBand(models.TextChoices):
    B1 = "1-10", "1–10"
    B11 = "11-50", "11–50"
    B51 = "51-200", "51–200"
    B201 = "201-500", "201–500"
    B501 = "501-1000", "501–1,000"
    B1001 = "1001-5000", "1,001–5,000"
    B5001 = "5001+", "5,001+"

    @classmethod
    def for_count(cls, employees: int | None) -> str:
        if employees is None:
            return ""
        floors = [
            (5001, cls.B5001),
            (1001, cls.B1001),
            (501, cls.B501),
            (201, cls.B201),
            (51, cls.B51),
            (11, cls.B11),
        ]
        return next((band.value for floor, band in floors if employees >= floor), cls.B1.value)


class Tier(models.TextChoices):
    SMB = "smb", _("SMB")
    MID_MARKET = "mid_market", _("Mid-market")
    ENTERPRISE = "enterprise", _("Enterprise")


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(_("domain"), max_length=253, blank=True)
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    employee_band = models.CharField(
        _("employee band"), max_length=16, choices=EmployeeBand.choices, blank=True
    )
    sites = models.PositiveIntegerField(_("sites"), null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, blank=True)
    custom = models.JSONField(_("custom fields"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["domain"], condition=~models.Q(domain=""), name="company_domain_unique"
            )
        ]
        indexes = [
            models.Index(fields=["industry", "employees"]),
            models.Index(fields=["country"]),
            models.Index(fields=["name"], name="company_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Lifecycle(models.TextChoices):
    SUBSCRIBER = "subscriber", _("Subscriber")
    LEAD = "lead", _("Lead")
    MQL = "mql", _("MQL")
    SQL = "sql", _("SQL")
    OPPORTUNITY = "opportunity", _("Opportunity")
    CUSTOMER = "customer", _("Customer")

    @classmethod
    def rank(cls, stage: str) -> int:
        return cls.values.index(stage)


class Maturity(models.TextChoices):
    AWARENESS = "awareness", _("Awareness")
    CONSIDERATION = "consideration", _("Consideration")
    DECISION = "decision", _("Decision")


class Source(models.TextChoices):
    PROSPECTING = "prospecting", _("Prospecting")
    SCRAPING = "scraping", _("Scraping")
    WEBINAR = "webinar", _("Webinar")
    FORM = "form", _("Form")
    IMPORT = "import", _("Import")
    API = "api", _("API")


class Seniority(models.TextChoices):
    ENTRY = "entry", _("Entry level")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    VP = "vp", _("VP")
    C_LEVEL = "c_level", _("C-level")
    OWNER = "owner", _("Owner / founder")


class JobFunction(models.TextChoices):
    OPERATIONS = "operations", _("Operations")
    MARKETING = "marketing", _("Marketing")
    SALES = "sales", _("Sales")
    IT = "it", _("IT")
    FINANCE = "finance", _("Finance")
    HR = "hr", _("Human resources")
    EXECUTIVE = "executive", _("General management")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    NONE = "none", _("None recorded")


class Contact(models.Model):
    email = models.EmailField(_("email"), max_length=254)  # stored lower-case by the services
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    job_function = models.CharField(_("job function"), max_length=16, choices=JobFunction.choices, blank=True)
    seniority = models.CharField(_("seniority"), max_length=16, choices=Seniority.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lifecycle = models.CharField(
        _("lifecycle stage"), max_length=16, choices=Lifecycle.choices, default=Lifecycle.SUBSCRIBER
    )
    maturity = models.CharField(_("maturity"), max_length=16, choices=Maturity.choices, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.IMPORT)
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices, default=LegalBasis.NONE
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_method = models.CharField(_("how consent was given"), max_length=200, blank=True)
    consent_proof = models.TextField(_("proof of consent"), blank=True)
    unsubscribed = models.BooleanField(_("unsubscribed"), default=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced = models.BooleanField(_("hard bounced"), default=False)
    score = models.IntegerField(_("score"), default=0)
    fit_score = models.IntegerField(default=0)
    behaviour_score = models.IntegerField(default=0)
    custom = models.JSONField(_("custom fields"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="contact_email_ci_unique")]
        indexes = [
            models.Index(fields=["email"]),
            models.Index(fields=["lifecycle", "score"]),
            models.Index(fields=["score"]),
            models.Index(fields=["country"]),
            models.Index(fields=["-created_at", "-id"], name="contact_recent"),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def can_be_emailed(self) -> bool:
        return not (self.unsubscribed or self.bounced) and self.legal_basis != LegalBasis.NONE


class EventType(models.TextChoices):
    EMAIL_SENT = "email_sent", _("Email sent")
    EMAIL_DELIVERED = "email_delivered", _("Email delivered")
    EMAIL_OPENED = "email_opened", _("Email opened")
    EMAIL_CLICKED = "email_clicked", _("Email clicked")
    EMAIL_BOUNCED = "email_bounced", _("Email bounced")
    EMAIL_UNSUBSCRIBED = "email_unsubscribed", _("Unsubscribed")
    FORM_SUBMITTED = "form_submitted", _("Form submitted")
    WEBINAR_REGISTERED = "webinar_registered", _("Webinar registered")
    WEBINAR_ATTENDED = "webinar_attended", _("Webinar attended")
    CONTENT_DOWNLOADED = "content_downloaded", _("Content downloaded")
    PAGE_VISITED = "page_visited", _("Page visited")
    MEETING_BOOKED = "meeting_booked", _("Meeting booked")
    BECAME_MQL = "became_mql", _("Became MQL")
    LIFECYCLE_CHANGED = "lifecycle_changed", _("Lifecycle stage changed")


class Event(models.Model):
    """Everything a contact does; tens of millions of rows.

    Indexes serve the two hot paths: "did contact X do T since D" (segments' EXISTS and the
    contact timeline) on (contact, type, occurred_at), and "who did T since D" (scoring,
    reports) on (type, occurred_at). On PostgreSQL, range-partition by occurred_at (monthly)
    once past ~50 M rows; the indexes above carry over per partition.
    """

    id = models.BigAutoField(primary_key=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="events", db_index=False)
    type = models.CharField(max_length=24, choices=EventType.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    campaign = models.CharField(max_length=100, blank=True)
    properties = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["contact", "type", "occurred_at"], name="event_contact_type_time"),
            models.Index(fields=["type", "occurred_at"], name="event_type_time"),
            models.Index(
                fields=["campaign", "type"], name="event_campaign_type", condition=~models.Q(campaign="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.occurred_at:%Y-%m-%d}"


class ConsentAction(models.TextChoices):
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Sending refused")


class ConsentRecord(models.Model):
    """The consent log: every grant, withdrawal and refused send, never edited."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consent_log")
    action = models.CharField(max_length=16, choices=ConsentAction.choices)
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices)
    method = models.CharField(max_length=200, blank=True)
    proof = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    actor_label = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.legal_basis} {self.at:%Y-%m-%d}"


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class Suppression(models.Model):
    """Addresses never to import or mail again, kept as a hash (erasure leaves only this)."""

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}… ({self.reason})"

    @classmethod
    def covers(cls, email: str) -> bool:
        return cls.objects.filter(email_hash=email_hash(email)).exists()

    @classmethod
    def among(cls, emails: list[str]) -> set[str]:
        """Which of these addresses are suppressed, in one query (the hashes as one array)."""
        hashes = {email_hash(address): address for address in emails}
        found = cls.objects.filter(email_hash__any_of=list(hashes)).values_list("email_hash", flat=True)
        return {hashes[value] for value in found}


class DuplicatePolicy(models.TextChoices):
    FILL_EMPTY = "fill_empty", _("Fill empty fields only")
    OVERWRITE = "overwrite", _("Overwrite with the file's values")
    SKIP = "skip", _("Skip existing contacts")


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded, waiting for the mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One file imported (or being imported): its mapping, policy and report."""

    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)  # column header -> contact/company field
    policy = models.CharField(
        max_length=16, choices=DuplicatePolicy.choices, default=DuplicatePolicy.FILL_EMPTY
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejected_file = models.FileField(upload_to="imports/rejected/%Y/%m/", blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class ImportMapping(models.Model):
    """A column mapping saved by a user for the next file from the same source."""

    name = models.CharField(max_length=100, unique=True)
    mapping = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name
