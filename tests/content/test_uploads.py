import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shabaka.content import services
from shabaka.content.uploads import sanitise_filename
from shabaka.core.errors import Refused

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.django_db
def test_a_pdf_is_stored_with_its_facts(staff_user):
    document = services.document_create(
        title="Report", upload=upload("report.pdf", PDF), uploaded_by=staff_user
    )
    assert document.mime_type == "application/pdf"
    assert document.size == len(PDF)
    assert len(document.sha256) == 64
    assert document.file.name.endswith("/report.pdf")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.pdf", b"<script>alert(1)</script>", "does not match its type"),
        ("run.exe", b"MZ\x90\x00", "cannot be uploaded"),
        ("empty.pdf", b"", "empty"),
        ("fake.docx", b"PK\x03\x04not really a zip", "does not match"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(staff_user, name, content, message):
    from shabaka.content.models import Document

    with pytest.raises(Refused, match=message):
        services.document_create(title="x", upload=upload(name, content), uploaded_by=staff_user)
    assert not Document.objects.exists()


def test_filenames_are_sanitised():
    assert sanitise_filename("../../etc/passwd") == "passwd"
    assert sanitise_filename("C:\\Users\\x\\تقرير نهائي.PDF") == "تقرير نهائي.pdf"
    assert sanitise_filename("<script>.pdf") == "script_.pdf"


@pytest.mark.django_db
def test_a_new_version_keeps_the_old_one(staff_user):
    first = services.document_create(
        title="Plan", upload=upload("plan.pdf", PDF), uploaded_by=staff_user
    )
    second = services.document_new_version(
        document=first, upload=upload("plan-v2.pdf", PDF + b"%v2"), uploaded_by=staff_user
    )
    first.refresh_from_db()
    assert (first.version, first.is_current) == (1, False)
    assert (second.version, second.is_current, second.series) == (2, True, first.series)
    with pytest.raises(Refused):
        services.document_new_version(
            document=first, upload=upload("plan.pdf", PDF), uploaded_by=staff_user
        )
