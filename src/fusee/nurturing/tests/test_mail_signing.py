from __future__ import annotations

from django.core import signing

from fusee.nurturing.mail.signing import PrecomputedSigner


def test_it_makes_the_very_tokens_djangos_signer_makes():
    ours, django = PrecomputedSigner(salt="fusee.test"), signing.Signer(salt="fusee.test")
    for value in (42, [42, "https://example.com/a?b=c&d=é"], {"e": 1}):
        assert ours.sign_json(value) == ours.sign_object(value) == django.sign_object(value)
        assert django.unsign_object(ours.sign_json(value)) == value


def test_it_still_accepts_tokens_signed_with_a_fallback_key(settings):
    old_token = signing.Signer(key="the-previous-secret", salt="fusee.test").sign_object(7)
    settings.SECRET_KEY_FALLBACKS = ["the-previous-secret"]
    assert PrecomputedSigner(salt="fusee.test").unsign_object(old_token) == 7


def test_it_refuses_a_tampered_token():
    signer = PrecomputedSigner(salt="fusee.test")
    token = signer.sign_json(7)
    try:
        PrecomputedSigner(salt="fusee.other").unsign_object(token)
    except signing.BadSignature:
        pass
    else:
        raise AssertionError("a token of another salt was accepted")
    assert signer.unsign_object(token) == 7
