from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import example, given
from hypothesis import strategies as st

from fusee.contacts.importing.normalise import PLAIN_ADDRESS, RowRejected, clean_email

LOCAL = st.text(alphabet="abcz019._%+-@", min_size=1, max_size=12)
DOMAIN = st.text(alphabet="abz09.-", min_size=1, max_size=20)


@given(local=LOCAL, domain=DOMAIN)
@example(local="a..b", domain="x.fr")
@example(local=".a", domain="x.fr")
@example(local="a", domain="-x.fr")
@example(local="a", domain="x.f")
@example(local="a", domain="x..fr")
@example(local="a", domain="x.fr-")
def test_it_takes_the_fast_path_only_for_addresses_djangos_validator_accepts(local, domain):
    address = f"{local}@{domain}"
    if PLAIN_ADDRESS.fullmatch(address):
        validate_email(address)  # raises if the fast path ever accepted more than Django does


@given(local=LOCAL, domain=DOMAIN)
def test_it_accepts_exactly_what_djangos_validator_accepts(local, domain):
    address = f"{local}@{domain}"
    try:
        validate_email(address)
    except ValidationError:
        with pytest.raises(RowRejected):
            clean_email(address)
    else:
        assert clean_email(address.upper()) == address
