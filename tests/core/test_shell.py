"""The shell: home page, language switcher, right-to-left Arabic, no asset from a CDN."""

import re

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_home_page_is_english_left_to_right_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert "Shabaka: migration cooperation, together" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [
        ("ar", "rtl", "شبكة: التعاون في مجال الهجرة معًا"),
        ("fr", "ltr", "Shabaka : la coopération sur les migrations, ensemble"),
    ],
)
def test_language_switcher_changes_language_and_direction(client, language, direction, heading):
    response = client.get("/language", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    html = client.get("/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert heading in html


@pytest.mark.django_db
def test_switcher_offers_the_three_languages_as_buttons_that_work_without_javascript(client):
    html = client.get("/").content.decode()
    form = re.search(
        r'<form class="languages" action="/language" method="get">(.*?)</form>', html, re.S
    )
    assert form
    values = re.findall(r'name="language" value="(\w+)"', form.group(1))
    assert values == ["en", "ar", "fr"]
    assert "العربيّة" in form.group(1)
    assert "Français" in form.group(1) or "français" in form.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("unsafe", ["https://elsewhere.example/", "//elsewhere.example/x", ""])
def test_language_switcher_never_sends_the_visitor_to_another_site(client, unsafe):
    response = client.get("/language", {"language": "ar", "next": unsafe})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switcher_ignores_an_unknown_language(client):
    response = client.get("/language", {"language": "xx", "next": "/networks/"})
    assert response["Location"] == "/networks/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_assets_are_served_by_the_project_not_a_cdn(client):
    html = client.get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert sources, "the page should load its stylesheet and htmx"
    assert all(src.startswith("/static/") for src in sources), sources
    assert client.get("/static/shabaka/htmx.min.js").status_code == 200


def test_stylesheet_uses_logical_properties_only():
    from pathlib import Path

    css = (Path(settings.SRC_DIR) / "core/static/shabaka/shabaka.css").read_text()
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)|\b(?:left|right):",
        css,
    )
    assert physical == []
