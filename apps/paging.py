"""A paginator for long lists whose COUNT(*) grows with the data.

Counting tens of thousands of rows costs a scan on every request, although the total changes
only when data is written, and every page, sort order and language of a list needs the same
total. ``CachedCountPaginator`` keeps the count with ``apps.pagecache.cache.memo``: until one of
the tables the count read is written, so a kept total is never older than the data it counts.
"""

import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from apps.pagecache.cache import memo

COUNT_TIMEOUT = 300


class CachedCountPaginator(Paginator):
    """``count_rows``: the same rows as ``object_list`` written as a query that PostgreSQL counts
    more cheaply (without the joins the list needs for its order, say); counted instead of it."""

    def __init__(self, object_list, per_page, *args, count_rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_rows = count_rows

    @cached_property
    def count(self) -> int:
        queryset = self.object_list if self.count_rows is None else self.count_rows
        if getattr(queryset, "query", None) is None:
            return super().count
        sql = hashlib.sha256(str(queryset.order_by().query).encode()).hexdigest()
        return memo(f"paging:count:{sql}", queryset.count, COUNT_TIMEOUT)
