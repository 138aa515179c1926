from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from shabaka.content.selectors import documents_visible_to


@require_GET
def document_download(request, public_id):
    """Serves a file only to those who may read it; others get 404, as if it did not exist."""
    document = get_object_or_404(documents_visible_to(request.user), public_id=public_id)
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
