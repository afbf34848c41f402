"""A small HTTP client that behaves like a browser on a served Dala: keeps the session cookie
(also the production one, which is Secure, over plain HTTP to 127.0.0.1, as a TLS proxy in front
would), reads CSRF tokens from the pages and does not follow redirects. For the gunicorn tests
and bench/web_bundle.py."""
from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import NamedTuple


class Answer(NamedTuple):
    status: int
    headers: dict
    body: bytes
    seconds: float


class _PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str, timeout: float = 120):
        self.base, self.timeout = base, timeout
        jar = http.cookiejar.CookieJar(policy=_PlainHttpPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    def request(self, path: str, form: dict | None = None) -> Answer:
        """GET, or POST of the form; a redirect is answered as it comes (status and Location)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=self.timeout) as response:
                body = response.read()
                return Answer(response.status, dict(response.headers), body, time.perf_counter() - started)
        except urllib.error.HTTPError as error:  # redirects come here (_NoRedirect)
            return Answer(error.code, dict(error.headers), error.read(), time.perf_counter() - started)

    def csrf(self, path: str) -> str:
        answer = self.request(path)
        match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', answer.body)
        assert answer.status == 200 and match, f"no CSRF token on {path} ({answer.status})"
        return match.group(1).decode()

    def login(self, email: str, password: str) -> None:
        answer = self.request("/login", {"csrf_token": self.csrf("/login"), "email": email, "password": password})
        assert answer.status == 302 and "/login" not in answer.headers.get("Location", ""), \
            f"login refused ({answer.status})"
