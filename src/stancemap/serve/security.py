"""Who may write (review, add articles), and proof that a write came from our own page.

- Token: when the server listens beyond loopback, every write needs the token, either as
  `Authorization: Bearer T` (scripts) or as a cookie set by signing in with it (browsers).
- CSRF: a browser write must carry a per-session token in the form (or X-CSRF-Token header)
  and must not come from another origin (Origin/Referer/Sec-Fetch-Site). A Bearer header is
  never sent by a browser on its own, so requests carrying a valid one skip this check.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.requests import Request

SESSION_COOKIE = "stancemap_session"
AUTH_COOKIE = "stancemap_auth"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# As Host headers spell them (an IPv6 literal in brackets).
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class WriteRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True)
class Security:
    token: str | None = None
    require_token: bool = False
    # Per process: restarting the server signs everyone out, which is acceptable for a
    # local tool and means no secret is ever written to disk.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def _sign(self, value: str) -> str:
        return hmac.new(self.secret, value.encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf_token(self, session: str) -> str:
        return self._sign(f"csrf:{session}")

    def auth_cookie(self) -> str:
        return self._sign(f"auth:{self.token or ''}")

    def token_matches(self, candidate: str) -> bool:
        return bool(self.token) and hmac.compare_digest(
            candidate.encode("utf-8"), (self.token or "").encode("utf-8"))

    def signed_in(self, request: Request) -> bool:
        if not self.require_token:
            return True
        if self._bearer_ok(request):
            return True
        cookie = request.cookies.get(AUTH_COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, self.auth_cookie())

    def _bearer_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(value.strip())

    def check_write(self, request: Request, form_token: str | None, *,
                    need_auth: bool = True) -> None:
        """Raise WriteRefused unless this write may go ahead."""
        if self.token and self._bearer_ok(request):
            return
        self._check_origin(request)
        if need_auth and not self.signed_in(request):
            raise WriteRefused(401, "this server needs its access token for changes: "
                                    "sign in at /login or send 'Authorization: Bearer TOKEN'")
        # A cross-site page can only send a JSON body with fetch(), which the browser
        # refuses without a CORS preflight this server never grants.
        if request.headers.get("content-type", "").startswith("application/json"):
            return
        session = request.cookies.get(SESSION_COOKIE, "")
        supplied = form_token or request.headers.get(CSRF_HEADER, "")
        if not session or not supplied or \
                not hmac.compare_digest(supplied, self.csrf_token(session)):
            raise WriteRefused(403, "missing or stale form token: reload the page and retry")

    @staticmethod
    def _check_origin(request: Request) -> None:
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise WriteRefused(403, "cross-site request refused")
        own = request.headers.get("host", "")
        origin = request.headers.get("origin")
        if origin is not None:
            if origin == "null" or urlsplit(origin).netloc != own:
                raise WriteRefused(403, "request from another origin refused")
            return
        referer = request.headers.get("referer")
        if referer and urlsplit(referer).netloc != own:
            raise WriteRefused(403, "request from another origin refused")


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths: a `next=` parameter must not bounce users to another site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    return target
