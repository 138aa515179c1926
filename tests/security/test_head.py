"""HEAD is answered wherever GET is (uptime monitors and link checkers send HEAD): the same
status as GET, no body. Every page of the site from the URL resolver, signed out and as an
administrator, and /healthz."""

import pytest
from django.test import Client

from tests.security.routes import site_routes, targets


@pytest.mark.django_db
def test_healthz_answers_head(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_every_page_answers_head_as_it_answers_get(demo_db):
    admin = demo_db.users["admin"]
    wrong = []
    for signed_in in (False, True):
        client = Client(raise_request_exception=False)
        if signed_in:
            client.force_login(admin)
        for route in site_routes():
            for target in targets(route, demo_db)[:1]:
                got = client.get(target.url).status_code
                if got == 405:  # a POST-only action
                    continue
                head = client.head(target.url)
                body = b"".join(head.streaming_content) if head.streaming else head.content
                if head.status_code != got or body:
                    who = "admin" if signed_in else "anonymous"
                    wrong.append(f"{route.name} {target.url} as {who}: GET {got}, HEAD {head}")
    assert not wrong, "\n".join(wrong)
