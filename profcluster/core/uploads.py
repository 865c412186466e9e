"""Uploaded documents (scans, evidence): what a file really is comes from its first bytes, not its name."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Extension → the magic bytes its content must start with, and the type it is served as; a renamed executable
# or text file is refused whatever its name says.
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}


def document_extension(file) -> str:
    """The file's extension if it is one of the document types, else a ValidationError."""
    extension = Path(file.name).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."), code="upload_type")
    return extension


def validate_document_content(file, extension: str) -> None:
    """The content starts with the magic bytes of its extension; the read position is left as it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if not head.startswith(DOCUMENT_TYPES[extension][0]):
        raise ValidationError(
            _("The file's content is not a %(kind)s document."),
            code="upload_content",
            params={"kind": extension.lstrip(".").upper()},
        )


def document_content_type(filename: str) -> str:
    return DOCUMENT_TYPES.get(Path(filename).suffix.lower(), (b"", "application/octet-stream"))[1]
