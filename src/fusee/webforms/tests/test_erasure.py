from __future__ import annotations

from fusee.contacts.models import Contact
from fusee.contacts.privacy import contact_erase
from fusee.contacts.tests.factories import ContactFactory
from fusee.webforms.models import Submission, SubmissionStatus
from fusee.webforms.tests.factories import FormFactory


def test_it_erases_the_contacts_submissions_pending_ones_included(db):
    form = FormFactory.create()
    ana = ContactFactory.create(email="ana@example.com")
    Submission.objects.create(form=form, email="ana@example.com", contact=ana, data={"first_name": "Ana"},
                              status=SubmissionStatus.CONFIRMED)
    Submission.objects.create(form=form, email="ANA@example.com", data={"first_name": "Ana"})
    kept = Submission.objects.create(form=form, email="bob@example.com", data={"first_name": "Bob"})
    contact_erase(actor=None, contact=ana)
    assert not Contact.objects.filter(email="ana@example.com").exists()
    assert list(Submission.objects.all()) == [kept]
