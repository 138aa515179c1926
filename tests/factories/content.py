import factory
from django.utils import timezone

from shabaka.content.markdown import render_markdown
from shabaka.content.models import NewsItem, NewsStatus


class NewsFactory(factory.django.DjangoModelFactory):
    """A published news item (use content.services to test the life cycle)."""

    class Meta:
        model = NewsItem
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    body = "Some **news**."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    language = "en"
    status = NewsStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
