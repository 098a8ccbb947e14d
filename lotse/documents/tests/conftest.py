"""The documents' tests: a case of the demo company, and files stored on disk as in production."""

from __future__ import annotations

import os

import pytest

from lotse.cases import services as case_services
from lotse.demo.stories import valid_intake


@pytest.fixture
def media(tmp_path, settings):
    """Documents on disk, as in production (the other tests keep files in memory)."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


@pytest.fixture
def case(cast):
    return case_services.case_create(actor=cast("company_hr"), fields=valid_intake())


def stored_files(media) -> list[str]:
    return [
        os.path.relpath(os.path.join(root, name), media)
        for root, _, names in os.walk(media)
        for name in names
    ]
