"""Building nurturing emails from plain data: personalisation, layout, MIME and DKIM.

Nothing here touches the database: callers pass dicts and dataclasses.
"""
