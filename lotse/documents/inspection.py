"""What an uploaded file really is, and whether the platform may keep it.

`inspect_file` reads a file once from disk or memory and either describes it (`Inspected`) or
raises `Refused` with a code and the parameters of its message (`refusals.py` words them in German
and English). Nothing is stored here: the caller stores only what came back described.

Accepted: PDF, JPEG and PNG. The declared extension and content type must agree with what the
content is (sniffed by `filetype`). A PDF must parse (`pypdf`: header, `%%EOF`, page tree), must
open without a password (one that only restricts editing is fine) and must carry no active
content (JavaScript, launch actions, embedded files). An image must decode completely (Pillow),
and its header must not declare more pixels than the limit — checked before decoding, since
Pillow's own bomb check only warns below 179 MP.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import unicodedata
import warnings
from dataclasses import dataclass
from typing import BinaryIO

import filetype
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
KINDS = {PDF: "pdf", JPEG: "jpeg", PNG: "png"}
# Content types that browsers and mail clients send for the same formats.
DECLARED_ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "application/x-pdf": PDF}
SNIFF_BYTES = 8192
NAME_LIMIT = 200
# A PDF's last `%%EOF` may be followed by a little whitespace or padding.
EOF_WINDOW = 2048
# Names that make a PDF act rather than show: scripts, launching programs, carried files.
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
# Bidirectional controls other than those Unicode calls "control" (Cc): the right-to-left
# override makes "gpj.exe" read as "exe.jpg".
BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Refused(Exception):
    """The file is not kept; `code` names why, `params` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 60_000_000
    # Objects walked in a PDF in search of active content; a file with more is refused.
    max_pdf_objects: int = 200_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Inspected:
    kind: str  # "pdf", "jpeg", "png"
    content_type: str
    size: int
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def check_name(name: str) -> str:
    """The client's file name, kept only for display; refused with control or bidi characters."""
    if not name or not name.strip():
        raise Refused("name_missing")
    if len(name) > NAME_LIMIT:
        raise Refused("name_too_long", limit=NAME_LIMIT)
    for char in name:
        if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc":
            raise Refused("name_control_character", codepoint=f"U+{ord(char):04X}")
    return name


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def inspect_file(
    stream: BinaryIO, name: str, declared_type: str, limits: Limits = DEFAULT_LIMITS
) -> Inspected:
    """Describe the file in `stream` (read from its start), or raise `Refused`."""
    check_name(name)
    stream.seek(0)
    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        if not head:
            head = chunk[:SNIFF_BYTES]
        size += len(chunk)
        if size > limits.max_bytes:
            raise Refused("too_large", limit_mb=limits.max_bytes // (1024 * 1024))
        digest.update(chunk)
    if size == 0:
        raise Refused("empty")
    actual = sniff(head)
    if actual not in KINDS:
        raise Refused("unsupported_type", actual=describe(head))
    by_name = EXTENSIONS.get(extension_of(name))
    declared = (declared_type or "").split(";")[0].strip().lower()
    declared = DECLARED_ALIASES.get(declared, declared)
    if by_name != actual or (
        declared and declared != "application/octet-stream" and declared != actual
    ):
        raise Refused(
            "type_mismatch",
            actual=KINDS[actual].upper(),
            extension=extension_of(name) or "-",
            declared=declared or "-",
        )
    stream.seek(0)
    if actual == PDF:
        pages = check_pdf(stream, size, limits)
        return Inspected("pdf", PDF, size, digest.hexdigest(), pages=pages)
    width, height = check_image(stream, limits)
    return Inspected(KINDS[actual], actual, size, digest.hexdigest(), width=width, height=height)


def sniff(head: bytes) -> str | None:
    # `filetype` wants the magic at offset 0; a PDF may have a few bytes of junk before it.
    if b"%PDF-" in head[:1024]:
        return PDF
    kind = filetype.guess(head)
    return kind.mime if kind else None


def describe(head: bytes) -> str:
    """What the content is, in words a person recognises ("ZIP", "Word document", "text")."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension.upper()
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "?"
    return "TXT"


def check_pdf(stream: BinaryIO, size: int, limits: Limits) -> int:
    stream.seek(max(0, size - EOF_WINDOW))
    if b"%%EOF" not in stream.read():
        raise Refused("pdf_broken")
    stream.seek(0)
    with _quiet_pypdf():
        try:
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused("pdf_password")
            pages = len(reader.pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018 - touching each page walks the whole page tree
            if pages == 0:
                raise Refused("pdf_broken")
            if has_active_content(reader, limits.max_pdf_objects):
                raise Refused("pdf_active_content")
        except Refused:
            raise
        except FileNotDecryptedError:
            raise Refused("pdf_password") from None
        except (
            PdfReadError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,
            OSError,
        ):
            raise Refused("pdf_broken") from None
    return pages


def has_active_content(reader: PdfReader, max_objects: int) -> bool:
    """True when any object reachable from the trailer holds a script, launch or embedded file."""
    seen: set[tuple[int, int]] = set()
    todo: list[object] = [reader.trailer]
    walked = 0
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        walked += 1
        if walked > max_objects:
            raise Refused("pdf_too_complex")
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name in ACTIVE_KEYS:
                    return True
                if name == "/S" and isinstance(value, NameObject) and value in ACTIVE_ACTIONS:
                    return True
                if name != "/Parent":
                    todo.append(value)
        elif isinstance(item, ArrayObject):
            todo.extend(item)
    return False


def check_image(stream: BinaryIO, limits: Limits) -> tuple[int, int]:
    limit = limits.max_pixels // 1_000_000
    with warnings.catch_warnings():
        # our own limit decides; Pillow's warning would come only above 89 MP
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > limits.max_pixels:
                    megapixels = round(width * height / 1_000_000, 1)
                    raise Refused("image_too_many_pixels", megapixels=megapixels, limit=limit)
                image.load()
        except Image.DecompressionBombError:
            # more than twice Pillow's own limit: refused by the header alone
            refused = Refused(
                "image_too_many_pixels",
                megapixels=f"> {2 * Image.MAX_IMAGE_PIXELS // 1_000_000}",
                limit=limit,
            )
            raise refused from None
        except (OSError, ValueError, SyntaxError):
            raise Refused("image_broken") from None
    return width, height


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf logs and warns about what it repairs; a refusal tells the user instead of the log."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def inspect_bytes(
    data: bytes, name: str, declared_type: str, limits: Limits = DEFAULT_LIMITS
) -> Inspected:
    return inspect_file(io.BytesIO(data), name, declared_type, limits)
