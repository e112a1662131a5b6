"""A paginator for long lists whose COUNT(*) grows with the data.

Counting tens of thousands of rows costs a scan on every request, although the total changes
only when data is written, and every page, sort order and language of a list needs the same
total. ``CachedCountPaginator`` keeps the count in the cache under the page cache's data version
(apps/pages/pagecache.py): any committed write or POST starts a new version, so a cached total is
never older than the data it counts.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from apps.pages.pagecache import data_version

COUNT_TIMEOUT = 300


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if getattr(queryset, "query", None) is None:
            return super().count
        version = data_version()
        sql = hashlib.sha256(str(queryset.order_by().query).encode()).hexdigest()
        key = f"paging:count:{version}:{sql}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_TIMEOUT)
        return count
