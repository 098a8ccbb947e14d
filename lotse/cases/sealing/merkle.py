"""The Merkle tree hash of RFC 6962 (§ 2.1), computed as leaves stream by, in O(log n) memory.

    leaf hash  = SHA-256(0x00 || data)
    node hash  = SHA-256(0x01 || left || right)
    MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two below n

The stream keeps the roots of the perfect subtrees it has completed (sizes falling powers of
two, as the binary digits of the count); the root of all of them, folded from the right, is the
tree hash above, because each left part of RFC 6962's split is exactly such a perfect subtree.
"""

import hashlib

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class TreeHasher:
    """Add leaves in order; `root()` is the tree hash of those added so far."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (subtree size, subtree root), sizes falling

    def add(self, data: bytes) -> None:
        size, digest = 1, leaf_hash(data)
        while self._stack and self._stack[-1][0] == size:
            _, left = self._stack.pop()
            size, digest = size * 2, node_hash(left, digest)
        self._stack.append((size, digest))
        self.size += 1

    def root(self) -> str:
        if not self._stack:
            return EMPTY_ROOT
        digest = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            digest = node_hash(left, digest)
        return digest.hex()


def tree_root(leaves: list[bytes]) -> str:
    """The tree hash by RFC 6962's recursive definition (for tests; the stream is for use)."""
    if not leaves:
        return EMPTY_ROOT

    def mth(part: list[bytes]) -> bytes:
        if len(part) == 1:
            return leaf_hash(part[0])
        k = 1
        while k * 2 < len(part):
            k *= 2
        return node_hash(mth(part[:k]), mth(part[k:]))

    return mth(leaves).hex()
