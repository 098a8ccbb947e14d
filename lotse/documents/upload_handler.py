"""Stop an oversize file while it streams in, before it fills memory or the disk.

Listed first in `FILE_UPLOAD_HANDLERS`: past `LOTSE_UPLOAD_MAX_BYTES` it skips the file (Django
then closes and removes what the later handlers wrote) and notes the field on the request, so the
view can say which file was too large.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from lotse.core.uploads import OVERSIZE_ATTRIBUTE, oversize_fields

__all__ = ["SizeLimitUploadHandler", "oversize_fields"]


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.LOTSE_UPLOAD_MAX_BYTES:
            oversize = getattr(self.request, OVERSIZE_ATTRIBUTE, set())
            oversize.add(self.field_name)
            setattr(self.request, OVERSIZE_ATTRIBUTE, oversize)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None
