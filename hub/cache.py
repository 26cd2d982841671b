"""The cache: Redis, but with Redis down it behaves as an empty cache instead of failing the request.

The cache holds nothing that must survive (sign-in rate limits, used two-factor codes, cached pages), so an
outage costs those for its duration; a 500 on the sign-in page would cost everything.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGES = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as a cache miss (and logging a warning) while Redis is unreachable."""

    def _safely(self, fallback, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except OUTAGES as error:
            logger.warning("Cache unreachable, carrying on without it (%s): %s", method.__name__, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._safely(default, super().get, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Stored" rather than "already there": allauth's rate limiter takes a lock with add() and would
        # otherwise answer every sign-in with "too many attempts". The limits lapse during an outage.
        return self._safely(True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._safely({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._safely(missing, super().incr, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._safely(None, super().delete_many, keys, version)

    def clear(self):
        return self._safely(False, super().clear)
