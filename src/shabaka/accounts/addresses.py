"""The client's address, the one place that reads it: sign-in lockouts (django-axes, through
AXES_CLIENT_IP_CALLABLE), the API token limit and the password-reset limit all ask here.

Behind PROXY_COUNT reverse proxies the last proxy is REMOTE_ADDR and each proxy before it has
appended the address it saw to X-Forwarded-For, so the client is the PROXY_COUNT-th entry from
the right. Entries further left were written by the client itself and are ignored: a forged
X-Forwarded-For cannot change the address. With PROXY_COUNT=0 (no proxy) the header is not read
at all. django-ipware parses the header (ports, IPv6, junk entries); its `proxy_count` counts the
proxies listed inside the header, one fewer than ours since the last one is REMOTE_ADDR."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def _remote(request: HttpRequest) -> str | None:
    value = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:  # none (a request built in code) or not an address (a Unix socket)
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when there is none (axes stores it as an address)."""
    remote = _remote(request)
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,  # entries the client added on the left are allowed, and ignored
        algorithm="modern",
    )
    # No header, or fewer entries than proxies: the request did not come through all of them;
    # the address that reached us is the only one known.
    return address or remote


def client_address(request: HttpRequest) -> str:
    """The client's address as a key for rate limits ("unknown" when there is none)."""
    return client_ip(request) or "unknown"
