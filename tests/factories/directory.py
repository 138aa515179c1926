import factory

from shabaka.core.visibility import Visibility
from shabaka.directory.models import (
    Country,
    Organisation,
    OrganisationKind,
    Person,
    Place,
    PlaceLevel,
    Topic,
)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "LY"
    name = factory.LazyAttribute(
        lambda o: {"LY": "Libya", "IT": "Italy", "CH": "Switzerland"}.get(o.code, o.code)
    )
    name_en = factory.SelfAttribute("name")
    name_ar = factory.LazyAttribute(lambda o: {"LY": "ليبيا"}.get(o.code, ""))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["code"]

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"LY09{n:04d}")
    level = PlaceLevel.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Municipality {n}")
    name_en = factory.SelfAttribute("name")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Association {n}")
    name_language = "en"
    kind = OrganisationKind.CSO
    country = factory.SubFactory(CountryFactory)
    visibility = Visibility.PUBLIC
    email = factory.Sequence(lambda n: f"contact{n}@association.example")
    phone = factory.Sequence(lambda n: f"+218 21 555 {n:04d}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Placeholder Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"person{n}@private.example")
    phone = factory.Sequence(lambda n: f"+218 91 000 {n:04d}")
    gender = "female"
