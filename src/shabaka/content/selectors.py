"""Reads of documents, always through what the viewer may see."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from shabaka.accounts.rules import is_project_staff
from shabaka.content.models import Document
from shabaka.core.visibility import Visibility


def documents_visible_to(user) -> QuerySet[Document]:
    documents = Document.objects.all()
    if is_project_staff(user):
        return documents
    public = Q(visibility=Visibility.PUBLIC)
    if user is None or not user.is_authenticated:
        return documents.filter(public)
    from shabaka.networks.selectors import member_network_ids

    networks = member_network_ids(user)
    if not networks:
        return documents.filter(public)
    return documents.filter(
        public
        | Q(visibility=Visibility.MEMBERS, network_id__in=networks)
        | Q(visibility=Visibility.MEMBERS, network__isnull=True)
    )


def documents_of(owner, *, viewer, current_only: bool = True) -> QuerySet[Document]:
    owner_type = ContentType.objects.get_for_model(owner, for_concrete_model=True)
    documents = documents_visible_to(viewer).filter(owner_type=owner_type, owner_id=owner.pk)
    if current_only:
        documents = documents.filter(is_current=True)
    return documents.order_by("title")


def document_versions(document: Document, *, viewer) -> QuerySet[Document]:
    return documents_visible_to(viewer).filter(series=document.series).order_by("-version")
