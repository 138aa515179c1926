def home_section(*, viewer):
    from shabaka.content.selectors import news_list

    news = list(news_list(viewer=viewer)[:3])
    if not news:
        return None
    return {"template": "content/partials/home.html", "news": news}
