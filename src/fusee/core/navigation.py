"""Each app lists its areas in its AppConfig.navigation; the menu shows only what is installed."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 50
    admin_only: bool = False


def items_for(user) -> list[NavItem]:
    found = [item for config in apps.get_app_configs() for item in getattr(config, "navigation", [])]
    visible = [i for i in found if not i.admin_only or getattr(user, "is_admin", False)]
    return sorted(visible, key=lambda item: item.order)


def dashboard_cards(request) -> list[dict]:
    """Each app may add a card to the dashboard: AppConfig.dashboard_card names a function
    `(request) -> {"template": …, **context} | None`."""
    from django.utils.module_loading import import_string

    cards = []
    for config in apps.get_app_configs():
        if path := getattr(config, "dashboard_card", ""):
            card = import_string(path)(request)
            if card:
                cards.append(card)
    return cards
