from django.urls import include, path

from fusee.api import api

urlpatterns = [
    path("", include("fusee.core.urls")),
    path("contacts/", include("fusee.contacts.urls")),
    path("segments/", include("fusee.segments.urls")),
    path("scoring/", include("fusee.scoring.urls")),
    path("nurturing/", include("fusee.nurturing.urls")),
    path("", include("fusee.nurturing.public")),  # unsubscribe (signed links, no login)
    path("", include("fusee.nurturing.tracking")),  # open pixel, click redirect (signed, no login)
    path("forms/", include("fusee.webforms.urls")),
    path("webhooks/", include("fusee.webhooks.urls")),
    path("content/", include("fusee.content.urls")),
    path("okrs/", include("fusee.okrs.urls")),
    path("playbooks/", include("fusee.playbooks.urls")),
    path("anymail/", include("fusee.nurturing.provider_urls")),  # provider webhooks (shared secret)
    path("api/", api.urls),
]
