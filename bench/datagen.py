"""Set-based generation of a big contact base straight in PostgreSQL (generate_series).

Deterministic (setseed), and fast enough to build 1 M contacts and 10 M events in a few
minutes on two cores: the benchmarks measure Fusée, not the generator.
"""

from __future__ import annotations

from django.db import connection

INDUSTRIES = [
    "retail",
    "hospitality",
    "restaurants",
    "healthcare",
    "banking",
    "fitness",
    "logistics",
    "other",
]
EVENT_TYPES = [
    "email_sent",
    "email_delivered",
    "email_opened",
    "email_clicked",
    "page_visited",
    "content_downloaded",
    "webinar_registered",
    "webinar_attended",
    "form_submitted",
    "meeting_booked",
]


def generate(*, contacts: int, events: int) -> None:
    companies = max(1, contacts // 5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute("TRUNCATE contacts_event, contacts_contact, contacts_company RESTART IDENTITY CASCADE")
        cursor.execute(COMPANIES, [INDUSTRIES, companies])
        cursor.execute(CONTACTS, [companies, companies, contacts])
        cursor.execute(EVENTS, [contacts, EVENT_TYPES, events])
        cursor.execute("ANALYZE contacts_company; ANALYZE contacts_contact; ANALYZE contacts_event")


COMPANIES = """
INSERT INTO contacts_company (name, domain, industry, employees, employee_band, sites, country, tier,
                              custom, created_at, updated_at)
SELECT 'Company ' || g, 'company' || g || '.example', (%s::text[])[1 + g %% 8],
       (10 + (random() * random() * 5000))::int, '', (1 + random() * 200)::int,
       (ARRAY['FR','ES','IT','DE','GB','IN'])[1 + g %% 6], '', '{}', now(), now()
FROM generate_series(1, %s) AS g
"""

CONTACTS = """
INSERT INTO contacts_contact (email, first_name, last_name, job_title, job_function, seniority, phone,
    language, country, time_zone, company_id, owner_id, lifecycle, maturity, source, legal_basis,
    consent_method, consent_proof, unsubscribed, bounced, score, fit_score, behaviour_score, custom,
    created_at, updated_at)
SELECT 'contact' || g || '@company' || (1 + g %% %s) || '.example', 'First' || g, 'Last' || (g %% 50000),
       'Manager', (ARRAY['operations','marketing','sales','it','finance','executive'])[1 + g %% 6],
       (ARRAY['entry','manager','director','vp','c_level'])[1 + g %% 5], '',
       'fr', (ARRAY['FR','ES','IT','DE','GB','IN'])[1 + g %% 6], 'Europe/Paris', 1 + (g %% %s), NULL,
       (ARRAY['subscriber','lead','lead','lead','mql','sql'])[1 + g %% 6],
       (ARRAY['awareness','consideration','decision'])[1 + g %% 3], 'import',
       (ARRAY['consent','legitimate_interest','none'])[1 + g %% 3], '', '', g %% 50 = 0, false,
       (random() * 100)::int, 0, 0, '{}', now() - (random() * interval '540 days'), now()
FROM generate_series(1, %s) AS g
"""

EVENTS = """
INSERT INTO contacts_event (contact_id, type, occurred_at, campaign, properties)
SELECT 1 + (random() * random() * (%s - 1))::bigint, (%s::text[])[1 + (random() * 9)::int],
       now() - (random() * interval '540 days'), 'campaign-' || (g %% 40), '{}'
FROM generate_series(1, %s) AS g
"""
