"""What the upload handler (`documents/upload_handler.py`) notes on a request, read where the
request is handled (the step table's page and API, the worker's link page)."""

OVERSIZE_ATTRIBUTE = "lotse_oversize_uploads"


def oversize_fields(request) -> set[str]:
    """The file fields of this request whose file was stopped for its size."""
    return getattr(request, OVERSIZE_ATTRIBUTE, set())
