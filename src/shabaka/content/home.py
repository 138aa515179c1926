def home_section(*, viewer):
    from shabaka.content.selectors import latest_news

    news = latest_news(limit=3)
    if not news:
        return None
    return {"template": "content/partials/home.html", "news": news}
