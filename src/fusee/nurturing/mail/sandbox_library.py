"""The only tags and filters a marketer's email template may use.

Installed as the sole builtin library of the sandboxed engine in `templating`, so anything not
registered here (load, include, extends, block, debug, url, csrf_token, i18n…) does not exist.
"""

from __future__ import annotations

from django.template import Library, defaultfilters, defaulttags

ALLOWED_TAGS = frozenset(
    {
        "comment",
        "cycle",
        "filter",
        "firstof",
        "for",
        "if",
        "ifchanged",
        "now",
        "regroup",
        "resetcycle",
        "spaceless",
        "templatetag",
        "verbatim",
        "widthratio",
        "with",
    }
)

# safe/safeseq (and the autoescape tag, left out above) would let a contact's own data
# inject markup into an email; pprint shows Python reprs.
REFUSED_FILTERS = frozenset({"safe", "safeseq", "pprint"})

register = Library()
register.tags = {name: defaulttags.register.tags[name] for name in ALLOWED_TAGS}
register.filters = {
    name: function
    for name, function in defaultfilters.register.filters.items()
    if name not in REFUSED_FILTERS
}
