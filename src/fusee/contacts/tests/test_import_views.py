from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.urls import reverse

from fusee.contacts.models import Contact, ImportBatch, ImportMapping, ImportStatus
from fusee.contacts.tasks import progress_reporter
from fusee.core.jobs.runner import run_pending
from fusee.core.models import Job, JobStatus

CSV = (
    "Courriel;Prénom;Ville;Pays\n"
    "jean@acme.fr;Jean;Lyon;France\n"
    "marie@acme.fr;Marie;Paris;Belgique\n"
    "jean.dupont@;Oops;Nantes;France\n"
).encode("cp1252")


def upload(client, content: bytes = CSV, **extra: str):
    data = {"file": SimpleUploadedFile("export.csv", content, "text/csv"), "policy": "fill_empty", **extra}
    return client.post(reverse("contacts:import_new"), data)


def test_it_imports_a_file_through_the_wizard(marketer_client, marketer):
    response = upload(marketer_client)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("contacts:import_mapping", args=[batch.pk])

    page = marketer_client.get(response.url).content.decode()
    assert "Ville" in page and "Lyon" in page and "Nantes" in page and "Marie" in page
    assert '<option value="email" selected>' in page

    mapping = {
        "column_0": "email",
        "column_1": "first_name",
        "column_2": "",
        "column_3": "country",
        "custom_2": "City",
        "save_as": "CRM export",
    }
    response = marketer_client.post(reverse("contacts:import_mapping", args=[batch.pk]), mapping)
    assert response.url == reverse("contacts:import_detail", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED and batch.job is not None
    assert ImportMapping.objects.get(name="CRM export").mapping == {
        "Courriel": "email",
        "Prénom": "first_name",
        "Ville": "custom:city",
        "Pays": "country",
    }
    running = marketer_client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' in running

    assert run_pending() == 1
    batch.job.refresh_from_db()
    assert batch.job.status == JobStatus.SUCCEEDED
    assert batch.job.result == {"total_rows": 3, "imported": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert Contact.objects.get(email="marie@acme.fr").custom == {"city": "Paris"}

    region = marketer_client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "<nav" not in region and 'data-testid="imported">2<' in region and "every 1s" not in region
    download = marketer_client.get(reverse("contacts:import_rejected", args=[batch.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert 'email: ""jean.dupont@"" is not a valid address' in text


def test_it_shows_a_clear_error_for_a_file_that_is_not_a_spreadsheet(marketer_client):
    response = upload(marketer_client, content=b"\x00\x01\x02binary")
    assert response.status_code == 200
    assert "export.csv: not a spreadsheet" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_it_refuses_a_mapping_without_email(marketer_client):
    upload(marketer_client)
    batch = ImportBatch.objects.get()
    url = reverse("contacts:import_mapping", args=[batch.pk])
    response = marketer_client.post(url, {"column_0": "", "column_1": "first_name"})
    assert "no column is mapped to the email" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED and not Job.objects.exists()


def test_it_applies_a_saved_mapping_to_the_next_file(marketer_client):
    saved = ImportMapping.objects.create(name="CRM", mapping={"Ville": "custom:town", "Courriel": "email"})
    upload(marketer_client, saved_mapping=str(saved.pk))
    assert ImportBatch.objects.get().mapping == {
        "Courriel": "email",
        "Prénom": "first_name",
        "Ville": "custom:town",
        "Pays": "country",
    }


def test_it_lets_viewers_see_reports_but_not_import(viewer_client, marketer_client):
    upload(marketer_client)
    batch = ImportBatch.objects.get()
    assert viewer_client.get(reverse("contacts:import_new")).status_code == 403
    assert upload(viewer_client).status_code == 403
    assert viewer_client.get(reverse("contacts:import_mapping", args=[batch.pk])).status_code == 403
    assert viewer_client.get(reverse("contacts:import_detail", args=[batch.pk])).status_code == 200
    page = viewer_client.get(reverse("contacts:imports")).content.decode()
    assert "export.csv" in page and reverse("contacts:import_new") not in page


def test_it_serves_rejected_rows_only_to_logged_in_users(client, marketer_client):
    upload(marketer_client)
    batch = ImportBatch.objects.get()
    marketer_client.post(
        reverse("contacts:import_mapping", args=[batch.pk]),
        {"column_0": "email", "column_1": "", "column_2": "", "column_3": ""},
    )
    run_pending()
    url = reverse("contacts:import_rejected", args=[batch.pk])
    assert client.get(url).status_code == 302
    assert marketer_client.get(url).status_code == 200


def test_it_shows_an_imports_progress_while_its_transaction_is_still_open(transactional_db, marketer_client):
    """Progress reported from inside the import's transaction (committed rows: on PostgreSQL
    a second connection writes it) shows on the pages while that transaction is open."""
    upload(marketer_client)
    batch = ImportBatch.objects.get()
    job = Job.objects.create(name="contacts.import", status=JobStatus.RUNNING, kwargs={"batch_id": batch.pk})
    ImportBatch.objects.filter(pk=batch.pk).update(job=job, status=ImportStatus.RUNNING)
    url = reverse("contacts:import_detail", args=[batch.pk])
    with transaction.atomic(), progress_reporter(job) as report:
        report(2000, 8000)
        # Read from another thread, hence another connection: as the page's request would.
        with ThreadPoolExecutor(1) as pool:
            region, job_page = pool.submit(read_pages, marketer_client, url, job.pk).result()
    assert "2000 / 8000" in region and 'value="25"' in region
    assert "2000 / 8000" in job_page


def read_pages(client, url: str, job_id: int) -> tuple[str, str]:
    try:
        htmx = {"HX-Request": "true"}
        region = client.get(url, headers=htmx).content.decode()
        return region, client.get(reverse("job", args=[job_id]), headers=htmx).content.decode()
    finally:
        connections.close_all()
