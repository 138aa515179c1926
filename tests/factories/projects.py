import factory

from shabaka.projects.models import Project, ProjectStatus


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Example Project {n}")
    slug = factory.Sequence(lambda n: f"example-project-{n}")
    status = ProjectStatus.IMPLEMENTATION
