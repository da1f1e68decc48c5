from __future__ import annotations

from django.db.models.functions import Lower

from fusee.contacts.models import Contact
from fusee.contacts.tests.factories import ContactFactory


def test_it_finds_the_rows_whose_value_is_in_the_list(db):
    wanted = ContactFactory.create_batch(3)
    ContactFactory.create_batch(2)
    emails = [contact.email for contact in wanted] + ["nobody@example.com"]
    found = Contact.objects.filter(email__any_of=emails)
    assert sorted(found.values_list("pk", flat=True)) == sorted(contact.pk for contact in wanted)


def test_it_matches_nothing_for_an_empty_list(db):
    ContactFactory.create()
    assert not Contact.objects.filter(email__any_of=[]).exists()
    assert Contact.objects.exclude(email__any_of=[]).count() == 1


def test_it_applies_to_an_expression_and_keeps_values_as_parameters(db):
    contact = ContactFactory.create(email="ana@example.com")
    hostile = ["ANA@EXAMPLE.COM".lower(), "x') OR 1=1 --"]
    found = Contact.objects.annotate(key=Lower("email")).filter(key__any_of=hostile)
    assert list(found.values_list("pk", flat=True)) == [contact.pk]
