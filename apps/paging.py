"""A paginator for long public lists whose COUNT(*) grows with the data.

Counting tens of thousands of rows costs a scan of the table on every request, although the
total changes rarely. ``CachedCountPaginator`` keeps the count in the cache for a short time,
keyed by the count query and a per-model version that ``bump_count_version`` changes whenever
rows of the model are added, removed or change visibility (wired to post_save/post_delete in
the app config; call it after ``QuerySet.update()`` that changes what a list shows). With a
per-process cache another worker may show a total up to ``timeout`` seconds old.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property

COUNT_TIMEOUT = 60


def _version_key(model) -> str:
    return f"paging:count-version:{model._meta.label_lower}"


def _bump(model) -> None:
    cache.set(_version_key(model), uuid.uuid4().hex, None)


def bump_count_version(sender, **kwargs) -> None:
    """Forget every cached count of the model ``sender``'s lists (also a signal receiver): now, and
    once more when the transaction commits, so no count taken before the commit outlives it."""
    _bump(sender)
    transaction.on_commit(lambda: _bump(sender))


class CachedCountPaginator(Paginator):
    def __init__(self, *args, timeout: int = COUNT_TIMEOUT, **kwargs):
        super().__init__(*args, **kwargs)
        self.timeout = timeout

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        model = getattr(queryset, "model", None)
        if model is None:
            return super().count
        version = cache.get(_version_key(model))
        if version is None:
            version = uuid.uuid4().hex
            cache.add(_version_key(model), version, None)
            version = cache.get(_version_key(model), version)
        sql = hashlib.sha256(str(queryset.order_by().query).encode()).hexdigest()
        key = f"paging:count:{model._meta.label_lower}:{version}:{sql}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, self.timeout)
        return count
