import re
from pathlib import Path

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_style_attributes():
    offenders = []
    for template in Path(settings.SRC_DIR).rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        inline_scripts = [
            m
            for m in re.findall(r"<script\b([^>]*)>", text)
            if "src=" not in m and "application/json" not in m
        ]
        if (
            inline_scripts
            or re.search(r"<[a-zA-Z][^<>]*\sstyle\s*=", text)
            or re.search(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", text)
        ):
            offenders.append(str(template.relative_to(settings.SRC_DIR)))
    assert offenders == []
