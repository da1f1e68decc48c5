"""How each kind of asset is named to people, in the UI and the pack's index page."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_LABELS: dict[str, str | Promise] = {
    "ebook": _("Ebook"),
    "article": _("Blog articles"),
    "linkedin_post": _("LinkedIn posts"),
    "clip": _("Video clips"),
    "cut_list": _("Cut list"),
    "email": _("Nurturing emails"),
}
KIND_ORDER = list(KIND_LABELS)
KIND_SINGULAR: dict[str, str | Promise] = {
    "ebook": _("Ebook"),
    "article": _("Blog article"),
    "linkedin_post": _("LinkedIn post"),
    "clip": _("Video clip"),
    "cut_list": _("Cut list"),
    "email": _("Nurturing email"),
}


def kind_label(kind: str) -> str | Promise:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def kind_singular(kind: str) -> str | Promise:
    """What one asset of this kind is called, on its own page."""
    return KIND_SINGULAR.get(kind, kind.replace("_", " ").capitalize())


def kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
