"""The few words a writer adds around the source's sentences, per script language.

Not gettext: an asset speaks the script's language, whatever the language of the user's screen.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "key_figures": "Key figures",
        "takeaway": "The takeaway",
        "read_also": "Read also",
        "ebook": "Download the full ebook",
        "post_cta": "Read the full article: {url}",
        "quote_cta": "Get the free ebook: {url}",
    },
    "fr": {
        "key_figures": "Les chiffres clés",
        "takeaway": "À retenir",
        "read_also": "À lire aussi",
        "ebook": "Télécharger l'ebook complet",
        "post_cta": "Lire l'article complet\u00a0: {url}",
        "quote_cta": "Téléchargez l'ebook gratuit\u00a0: {url}",
    },
    "es": {
        "key_figures": "Cifras clave",
        "takeaway": "En resumen",
        "read_also": "Lee también",
        "ebook": "Descarga el ebook completo",
        "post_cta": "Lee el artículo completo: {url}",
        "quote_cta": "Descarga el ebook gratuito: {url}",
    },
    "it": {
        "key_figures": "I numeri chiave",
        "takeaway": "In sintesi",
        "read_also": "Leggi anche",
        "ebook": "Scarica l'ebook completo",
        "post_cta": "Leggi l'articolo completo: {url}",
        "quote_cta": "Scarica l'ebook gratuito: {url}",
    },
    "de": {
        "key_figures": "Die wichtigsten Zahlen",
        "takeaway": "Fazit",
        "read_also": "Weiterlesen",
        "ebook": "Das vollständige E-Book herunterladen",
        "post_cta": "Zum vollständigen Artikel: {url}",
        "quote_cta": "Das kostenlose E-Book herunterladen: {url}",
    },
}


def label(language: str, name: str) -> str:
    return LABELS.get(language, LABELS["en"])[name]
