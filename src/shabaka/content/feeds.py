"""Atom feeds of published news, overall and per project (feedgen). No personal data: no
author names, only what the public news page shows."""

from django.urls import reverse
from feedgen.feed import FeedGenerator


def atom_feed(request, news, *, title: str, feed_path: str, page_path: str) -> bytes:
    feed = FeedGenerator()
    feed.id(request.build_absolute_uri(feed_path))
    feed.title(title)
    feed.link(href=request.build_absolute_uri(page_path), rel="alternate")
    feed.link(href=request.build_absolute_uri(feed_path), rel="self")
    feed.language("en")
    feed.author({"name": "Shabaka"})
    latest = None
    for item in reversed(list(news)):
        url = request.build_absolute_uri(reverse("content:news_detail", args=[item.slug]))
        entry = feed.add_entry()
        entry.id(url)
        entry.title(item.title)
        entry.link(href=url)
        entry.published(item.published_at)
        entry.updated(item.updated_at if item.updated_at > item.published_at else item.published_at)
        if item.summary:
            entry.summary(item.summary)
        entry.content(item.body_html, type="html")
        for country in item.country_list:
            entry.category(term=country.code, label=country.name)
        latest = max(latest or item.published_at, item.published_at)
    if latest is not None:
        feed.updated(latest)
    return feed.atom_str(pretty=True)
