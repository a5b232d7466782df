"""In-process rate limits per client address (moving windows, from the `limits` package).

Buckets are named in the permission policy (aigov.accounts.policy.RATE_LIMITED) and sized in the
settings (``AIGOV_RATE_LIMIT_TRACK`` etc., e.g. ``60/minute``). Limits are per process: with several
workers each counts on its own. Behind a reverse proxy, the client address is the one uvicorn takes
from X-Forwarded-For of trusted proxies (uvicorn's --forwarded-allow-ips).
"""

from __future__ import annotations

import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.exceptions import HTTPException
from starlette.requests import Request

from aigov.config import get_settings


class Limiter:
    """Counts hits per (bucket, key) in memory; one per app."""

    def __init__(self) -> None:
        self.strategy = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, item: RateLimitItem, *keys: str) -> bool:
        return self.strategy.hit(item, *keys)

    def test(self, item: RateLimitItem, *keys: str) -> bool:
        return self.strategy.test(item, *keys)

    def clear(self, item: RateLimitItem, *keys: str) -> None:
        self.strategy.clear(item, *keys)

    def retry_after(self, item: RateLimitItem, *keys: str) -> int:
        """Seconds until one more hit is allowed."""
        reset = self.strategy.get_window_stats(item, *keys).reset_time
        return max(1, math.ceil(reset - time.time()))


@lru_cache(maxsize=64)
def limit_item(text: str) -> RateLimitItem:
    return parse(text)


def bucket_limit(bucket: str) -> RateLimitItem:
    settings = get_settings()
    return limit_item(getattr(settings, f"rate_limit_{bucket}"))


def limiter(request: Request) -> Limiter:
    state = request.app.state
    if getattr(state, "rate_limiter", None) is None:
        state.rate_limiter = Limiter()
    return state.rate_limiter


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def too_many(seconds: int, message: str | None = None) -> HTTPException:
    return HTTPException(429, message or f"Too many requests from your address: try again in {seconds} s.",
                         headers={"Retry-After": str(seconds)})


def check(request: Request, bucket: str) -> None:
    """Count this request in ``bucket`` for the client's address; 429 with Retry-After when over."""
    if not get_settings().rate_limits_enabled:
        return
    item = bucket_limit(bucket)
    counter = limiter(request)
    address = client_address(request)
    if not counter.hit(item, bucket, address):
        raise too_many(counter.retry_after(item, bucket, address))
