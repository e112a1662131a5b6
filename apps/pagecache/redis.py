"""Django's Redis cache with one client object per connection pool, and no memcached key check.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every operation, and its
constructor fills a table of about 170 response callbacks: about 0.3 ms of CPU each time, most of
what a page-cache hit cost (two operations) and more than the bare view itself. The client is a
thin, thread-safe handle on its pool, so one per pool is enough. Used by both caches of the
settings when ``REDIS_URL`` is set.

Django's base cache checks every key for what memcached would refuse (length, control
characters) and warns; Redis refuses neither, and the check costs about 3 µs a key, 40 µs of a
page-cache hit that reads a page and the generations of its tables in one ``get_many``. Making
a key (prefix and version) costs as much again; a hit makes the same keys every time, so they
are remembered (a bounded map per cache object).

``get_many`` (every page-cache hit) sends its MGET on a connection of its own per thread and
process instead of borrowing one from redis-py's pool: the pool's checkout (a lock, a poll of
the socket for unread data, its metrics) and the client's retry wrappers cost about 25 µs of a
hit's 20 µs round trip. A failed read drops that connection and asks again through the client,
which reconnects as usual.
"""

import os
import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


MADE_KEYS_MAX = 20_000


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._made_keys: dict[tuple, str] = {}
        self._own = threading.local()

    def make_key(self, key, version=None):
        """Django's key with prefix and version, remembered (see the module doc)."""
        made = self._made_keys.get((key, version))
        if made is None:
            if len(self._made_keys) >= MADE_KEYS_MAX:
                self._made_keys.clear()
            made = self._made_keys[(key, version)] = super().make_key(key, version)
        return made

    def validate_key(self, key):
        """Redis takes any key: no memcached portability warning (see the module doc)."""

    def get_many(self, keys, version=None):
        """Django's ``get_many`` without its detours per key (making and checking each key through
        two more calls, two dictionaries to map the keys back): the keys as made once (remembered),
        one MGET, each value read by Django's serializer. A page-cache hit reads its copy and the
        generations of the tables it was rendered from, up to 30 keys, in one such call."""
        names = [self.make_key(key, version) for key in keys]
        loads = self._cache._serializer.loads
        values = self._mget(names)
        return {key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None}

    def _mget(self, names: list[str]) -> list:
        """MGET on this thread's own connection (see the module doc); through the client after an error."""
        client = self._cache.get_client()
        own = getattr(self._own, "connection", None)
        if own is None or own[0] != os.getpid():  # none yet, or inherited from the parent process
            pool = client.connection_pool
            own = self._own.connection = (os.getpid(), pool.connection_class(**pool.connection_kwargs))
        connection = own[1]
        try:
            connection.send_command("MGET", *names)
            return connection.read_response()
        except Exception:
            self._own.connection = None
            connection.disconnect()
            return client.mget(names)
