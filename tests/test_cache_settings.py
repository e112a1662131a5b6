"""Cache configuration: Redis when REDIS_URL is set (pages, sessions and a separate rate-limit
database), file caches otherwise; the page cache's data version shared through the cache."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from apps.pagecache import cache as pagecache
from kiezportal.settings import BASE_DIR, next_redis_database

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/14")


def caches_with(**env) -> dict:
    script = "import json, kiezportal.settings as s; print(json.dumps(s.CACHES, default=str))"
    environment = {name: value for name, value in os.environ.items() if "REDIS_URL" not in name}
    environment.update(DEBUG="1", **env)
    output = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], env=environment, cwd=BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_without_redis_pages_and_counters_are_separate_file_caches():
    caches = caches_with()
    assert {alias: cache["BACKEND"].rsplit(".", 1)[-1] for alias, cache in caches.items()} == {
        "default": "FileBasedCache",
        "ratelimit": "FileBasedCache",
    }
    assert caches["default"]["LOCATION"] != caches["ratelimit"]["LOCATION"]


def test_with_redis_counters_live_in_the_next_database():
    caches = caches_with(REDIS_URL="redis://10.0.0.5:6379/2")
    assert caches["default"]["BACKEND"] == caches["ratelimit"]["BACKEND"] == "apps.pagecache.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://10.0.0.5:6379/2"
    assert caches["ratelimit"]["LOCATION"] == "redis://10.0.0.5:6379/3"
    assert caches["default"]["KEY_PREFIX"] != caches["ratelimit"]["KEY_PREFIX"]
    own = caches_with(REDIS_URL="redis://10.0.0.5:6379/2", RATELIMIT_REDIS_URL="redis://10.0.0.6:6379/0")
    assert own["ratelimit"]["LOCATION"] == "redis://10.0.0.6:6379/0"


def test_the_redis_cache_reuses_one_client_per_pool():
    from apps.pagecache.redis import RedisCache as ReusingRedisCache

    cache = ReusingRedisCache(REDIS_TEST_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("a")


def test_the_redis_cache_makes_djangos_keys_and_remembers_them():
    from apps.pagecache.redis import RedisCache as ReusingRedisCache

    params = {"KEY_PREFIX": "kp", "VERSION": 3}
    ours, djangos = ReusingRedisCache(REDIS_TEST_URL, params), RedisCache(REDIS_TEST_URL, params)
    for key, version in [("pagecache:gen:ideas_idea", None), ("page:a:b", 2)]:
        assert ours.make_key(key, version) == djangos.make_key(key, version)
        assert ours.make_and_validate_key(key, version) == ours.make_key(key, version)
    assert ("page:a:b", 2) in ours._made_keys


def test_next_redis_database():
    assert next_redis_database("redis://127.0.0.1:6379") == "redis://127.0.0.1:6379/1"
    assert next_redis_database("redis://:pw@cache:6379/0") == "redis://:pw@cache:6379/1"


@pytest.fixture
def two_hosts(monkeypatch):
    """Two application hosts: each its own RedisCache client on one Redis server."""
    prefix = f"test-{uuid.uuid4().hex}"
    first, second = (RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": prefix}) for _ in range(2))
    try:
        first.get("ping")
    except Exception as error:  # Redis is one of this machine's services, started by .ci/run
        pytest.fail(f"Redis at {REDIS_TEST_URL} is not reachable: {error}")
    yield first, second
    first.delete_many([pagecache.GENERATION_PREFIX + "pages_newspost"])


def test_a_write_on_one_host_is_seen_by_the_other_at_once(two_hosts, monkeypatch):
    first, second = two_hosts
    monkeypatch.setattr(pagecache, "cache", first)
    stored = pagecache.generations(["pages_newspost"])
    monkeypatch.setattr(pagecache, "cache", second)
    assert pagecache.is_current(stored)
    pagecache.bump(["pages_newspost"])
    monkeypatch.setattr(pagecache, "cache", first)
    assert not pagecache.is_current(stored)


def test_the_redis_cache_get_many_reads_what_djangos_does():
    from apps.pagecache.redis import RedisCache as ReusingRedisCache

    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "VERSION": 2}
    ours, djangos = ReusingRedisCache(REDIS_TEST_URL, params), RedisCache(REDIS_TEST_URL, params)
    values = {"generation": 2**62 + 5, "page": {"content": b"<p>Hallo</p>", "tables": {"ideas_idea": 7}}, "no": 0}
    djangos.set_many(values)
    keys = [*values, "missing"]
    assert ours.get_many(keys) == djangos.get_many(keys) == values
    assert ours.get_many(keys, version=3) == {}
    djangos.delete_many(list(values))


def test_the_redis_cache_get_many_survives_a_dropped_connection():
    """get_many's own connection (apps/pagecache/redis.py): when Redis drops it (a restart, an idle
    timeout), the read goes through the client, which reconnects; the next read opens a new one."""
    import redis

    from apps.pagecache.redis import RedisCache as ReusingRedisCache

    ours = ReusingRedisCache(REDIS_TEST_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    ours.set("a", 1)
    assert ours.get_many(["a"]) == {"a": 1}
    first = ours._own.connection[1]
    admin = redis.Redis.from_url(REDIS_TEST_URL)
    own_id = first.send_command("CLIENT", "ID") or first.read_response()
    admin.client_kill_filter(_id=own_id)
    assert ours.get_many(["a", "b"]) == {"a": 1}
    assert ours._own.connection is None
    assert ours.get_many(["a"]) == {"a": 1}
    assert ours._own.connection[1] is not first
    ours.delete("a")
