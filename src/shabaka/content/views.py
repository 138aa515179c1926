from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from shabaka.content import selectors, services
from shabaka.content.forms import DocumentUploadForm, NewsFilterForm, NewsForm, NewVersionForm
from shabaka.core.errors import Refused
from shabaka.core.pagecache import cached_for_visitors
from shabaka.core.pagination import paginate
from shabaka.core.refusals import get_visible_or_404, require_permission


def _refuse(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- documents -------------------------------------------------------------------------------


def _document(request, public_id):
    return get_visible_or_404(
        selectors.documents_visible_to(request.user).select_related("network"),
        public_id=public_id,
    )


@require_safe
def document_download(request, public_id):
    """Serves a file only to those who may read it; others get 404, as if it did not exist."""
    document = _document(request, public_id)
    if document.link and not document.file:
        return HttpResponseRedirect(document.link)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_filename or None,
        content_type=document.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        "private, no-store" if document.visibility != "public" else "public, max-age=3600"
    )
    return response


@cached_for_visitors
@require_safe
def document_list(request):
    documents = selectors.current_documents(viewer=request.user)
    return render(request, "content/document_list.html", {"page": paginate(request, documents)})


@require_safe
def document_detail(request, public_id):
    document = _document(request, public_id)
    return render(
        request,
        "content/document_detail.html",
        {
            "document": document,
            "versions": selectors.document_versions(document, viewer=request.user),
            "can_change": request.user.has_perm("content.change_document", document),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_upload(request):
    require_permission(request.user, "content.upload_document")
    networks, projects = selectors.document_upload_choices(user=request.user)
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, networks=networks, projects=projects
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["visibility"] == "members" and not data["network"] and networks.count() == 1:
            data["network"] = networks.first()
        try:
            document = services.document_create(
                title=data["title"],
                description=data["description"],
                upload=data["file"],
                link=data["link"],
                language=data["language"],
                visibility=data["visibility"],
                network=data["network"],
                owner=data["project"],
                uploaded_by=request.user,
            )
        except Refused as exc:
            _refuse(form, exc)
        else:
            return redirect("content:document_detail", public_id=document.public_id)
    return render(request, "content/form.html", {"form": form, "title": _("Upload a document")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_new_version(request, public_id):
    document = _document(request, public_id)
    require_permission(request.user, "content.change_document", document)
    form = NewVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            latest = services.document_new_version(
                document=document,
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
                title=form.cleaned_data["title"] or None,
                uploaded_by=request.user,
            )
        except Refused as exc:
            _refuse(form, exc)
        else:
            return redirect("content:document_detail", public_id=latest.public_id)
    return render(
        request,
        "content/form.html",
        {"form": form, "title": _("New version of “%(t)s”") % {"t": document.title}},
    )


# --- news ------------------------------------------------------------------------------------


def _news(request, slug):
    return get_visible_or_404(selectors.news_visible_to(request.user), slug=slug)


@cached_for_visitors
@require_safe
def news_list(request):
    asked = request.GET.get("project", "")
    form = NewsFilterForm(
        request.GET or None,
        countries=selectors.news_countries(),
        projects=selectors.news_filter_projects(viewer=request.user, also=asked),
        tags=selectors.news_tags(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.published_news_page(
        viewer=request.user, filters=filters, page_number=request.GET.get("page")
    )
    selectors.add_news_columns(viewer=request.user, items=page.object_list)
    return render(request, "content/news_list.html", {"form": form, "page": page})


@login_required
@require_safe
def news_drafts(request):
    require_permission(request.user, "content.add_news")
    drafts = selectors.news_drafts(viewer=request.user)
    return render(request, "content/news_drafts.html", {"page": paginate(request, drafts)})


@cached_for_visitors
@require_safe
def news_detail(request, slug):
    news = _news(request, slug)
    context = selectors.news_page(news=news, viewer=request.user)
    context["can_change"] = request.user.has_perm("content.change_news", news)
    return render(request, "content/news_detail.html", context)


@require_safe
def news_image(request, slug):
    """The lead image, inline, for whoever may read the news item."""
    news = _news(request, slug)
    image = news.lead_image
    if image is None or not image.file or image.mime_type not in ("image/png", "image/jpeg"):
        raise Http404
    response = FileResponse(image.file.open("rb"), content_type=image.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if news.is_published else "private, no-store"
    return response


def _news_form(request, data=None, files=None, initial=None):
    return NewsForm(
        data, files, initial=initial, **selectors.news_form_choices(viewer=request.user)
    )


def _must_link_own_network(request, form) -> bool:
    """A coordinator's news must name a network they coordinate (else they could not edit it)."""
    from shabaka.accounts.rules import is_project_staff

    if is_project_staff(request.user) or form.cleaned_data["networks"]:
        return True
    form.add_error("networks", _("Link the news to the network you coordinate."))
    return False


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def news_create(request):
    require_permission(request.user, "content.add_news")
    form = _news_form(request, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _must_link_own_network(request, form):
        try:
            news = services.news_create(created_by=request.user, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            return redirect("content:news_detail", slug=news.slug)
    return render(request, "content/form.html", {"form": form, "title": _("Write news")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def news_edit(request, slug):
    news = _news(request, slug)
    require_permission(request.user, "content.change_news", news)
    initial = {
        "title": news.title,
        "summary": news.summary,
        "body": news.body,
        "language": news.language,
        "lead_image_alt": news.lead_image_alt,
        "projects": news.projects.all(),
        "networks": news.networks.all(),
        "countries": news.countries.all(),
        "tags": news.tags.all(),
    }
    form = _news_form(request, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _must_link_own_network(request, form):
        try:
            services.news_update(news=news, updated_by=request.user, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("The news item has been saved."))
            return redirect("content:news_detail", slug=news.slug)
    return render(request, "content/form.html", {"form": form, "title": news.title})


@login_required
@require_POST
def news_publish(request, slug):
    news = _news(request, slug)
    require_permission(request.user, "content.publish_news", news)
    try:
        services.news_publish(news=news, published_by=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Published."))
    return redirect("content:news_detail", slug=news.slug)


@login_required
@require_POST
def news_unpublish(request, slug):
    news = _news(request, slug)
    require_permission(request.user, "content.publish_news", news)
    try:
        services.news_unpublish(news=news, by=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Withdrawn: the item is a draft again."))
    return redirect("content:news_detail", slug=news.slug)


@cached_for_visitors
@require_safe
def news_feed(request, project=""):
    from shabaka.content.feeds import atom_feed

    if project:
        target = get_visible_or_404(selectors.feed_projects(viewer=request.user), slug=project)
        news = selectors.news_feed_items(viewer=request.user, project=project)
        title = _("News: %(project)s") % {"project": target}
        page = reverse("projects:project_detail", args=[project])
    else:
        news = selectors.news_feed_items(viewer=request.user)
        title = _("Shabaka news")
        page = reverse("content:news_list")
    body = atom_feed(request, news, title=title, feed_path=request.path, page_path=page)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
