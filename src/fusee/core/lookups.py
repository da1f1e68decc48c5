"""`field__any_of=[…]`: membership in a long list of values, as one array on PostgreSQL.

psycopg parses a query's placeholders on every run once the query is too long for its cache,
and an `IN (%s, %s, …)` of a few thousand values is; `= ANY(%s)` keeps the query short and
the list a single parameter. Other databases get the usual IN.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup


@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def values(self) -> list[Any]:
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        return values

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = self.values()
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.values())
