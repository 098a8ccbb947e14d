"""The seals' Ed25519 key: the private key in a file outside the database, the public keys that
verify (the signing key's own and older ones listed for a rotation), and signed JSON documents.

A document is signed over its canonical JSON without the `signature` field; it names the key by
`key_id`, the first 16 hex digits of the SHA-256 of the raw public key.
"""

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from lotse.cases.canonical import canonical


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _key_path() -> Path:
    return Path(settings.LOTSE_SEAL_KEY_FILE or settings.LOTSE_SEAL_DEMO_KEY_FILE)


def _demo_key_create(path: Path) -> None:
    """Outside production only (prod.py asks for LOTSE_SEAL_KEY_FILE): a fresh key in var/,
    created exclusively and readable by its owner alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it a moment ago
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def signing_key() -> Ed25519PrivateKey:
    path = _key_path()
    if not settings.LOTSE_SEAL_KEY_FILE and not path.exists():
        _demo_key_create(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every public key a seal may be verified with, by key id. Reading needs no private key:
    a machine that only verifies lists the public keys alone."""
    keys = []
    path = _key_path()
    if path.exists():
        keys.append(signing_key().public_key())
    for listed in settings.LOTSE_SEAL_PUBLIC_KEY_FILES:
        key = serialization.load_pem_public_key(Path(listed).read_bytes())
        if isinstance(key, Ed25519PublicKey):
            keys.append(key)
    return {key_id(key): key for key in keys}


def document_sign(body: dict) -> dict:
    """`body` with the key id and the signature over both."""
    key = signing_key()
    signed = {**body, "key_id": key_id(key.public_key())}
    signature = key.sign(canonical(signed))
    return {**signed, "signature": base64.b64encode(signature).decode()}


def signature_holds(document: dict, keys: dict[str, Ed25519PublicKey]) -> bool:
    body = {name: value for name, value in document.items() if name != "signature"}
    public = keys.get(str(document.get("key_id")))
    if public is None or not isinstance(document.get("signature"), str):
        return False
    try:
        public.verify(base64.b64decode(document["signature"], validate=True), canonical(body))
    except (InvalidSignature, ValueError):
        return False
    return True
