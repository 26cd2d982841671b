"""Handing work to Celery: by task path and ids, never losing the request when the broker is down."""

import logging

from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def send_to_worker(task_path: str, *args) -> bool:
    """Queue a task (named by its dotted path); if the broker is unreachable, leave it to the beat sweep."""
    try:
        import_string(task_path).apply_async(args=args)
    except (OperationalError, RedisError, ConnectionError) as error:
        logger.warning("Broker unreachable, %s%s left for the sweep: %s", task_path, args, error)
        return False
    return True
