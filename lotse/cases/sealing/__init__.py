"""Seals of the audit log: signed Merkle roots over every case's head, kept outside the database.

As in Certificate Transparency (RFC 6962) and Trillian: the heads of all case chains are the
leaves of a Merkle tree, its root is signed (a "signed tree head", here with Ed25519), and the
seals form a chain of their own (each names its predecessor's hash) in an append-only directory.

- `merkle.py`: the tree hash (leaf and node hashes of RFC 6962), computed as leaves stream by;
- `signing.py`: the Ed25519 key (outside the database) and the public keys that verify;
- `store.py`: the seal directory: seals, their leaves, tombstones, written exclusively;
- `seal.py`: `seal_create`, the periodic job's work;
- `tombstones.py`: `case_remove`, the one way a case leaves the database, signed;
- `check.py`: the last seal that verifies, matched against the cases as `audit verify` streams them.
"""
