"""RFC 6962 Merkle tree: known roots, and proofs that verify and fail when anything is changed."""

from __future__ import annotations

import hashlib

import pytest

from aigov.audit import merkle

# RFC 6962 test leaves (as used by Certificate Transparency implementations) and their tree heads.
LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
          b"\x50\x51\x52\x53\x54\x55\x56\x57", bytes(range(0x60, 0x70))]
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
OTHER = hashlib.sha256(b"not in the log").digest()


@pytest.mark.parametrize("size", sorted(ROOTS))
def test_roots_match_the_rfc_6962_test_vectors(size: int) -> None:
    hashes = [merkle.leaf_hash(d) for d in LEAVES]
    assert merkle.root(hashes[:size]).hex() == ROOTS[size]
    assert merkle.roots_at(hashes, [size])[size].hex() == ROOTS[size]


def test_empty_tree_root_is_the_hash_of_nothing() -> None:
    assert merkle.root([]) == hashlib.sha256(b"").digest()


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(f"entry {i}".encode()) for i in range(n)]


def test_every_inclusion_proof_verifies_and_fails_once_changed() -> None:
    leaves = _leaves(33)
    for size in range(1, 34):
        root = merkle.root(leaves[:size])
        for index in range(size):
            path = merkle.inclusion_proof(leaves, index, size)
            assert merkle.verify_inclusion(leaves[index], index, size, path, root)
            assert not merkle.verify_inclusion(OTHER, index, size, path, root)
            assert not merkle.verify_inclusion(leaves[index], index, size, path, OTHER)
            if size > 1:
                assert not merkle.verify_inclusion(leaves[index], (index + 1) % size, size, path, root)
            for position in range(len(path)):
                tampered = list(path)
                tampered[position] = OTHER
                assert not merkle.verify_inclusion(leaves[index], index, size, tampered, root)
            if path:
                assert not merkle.verify_inclusion(leaves[index], index, size, path[:-1], root)


def test_every_consistency_proof_verifies_and_fails_once_changed() -> None:
    leaves = _leaves(33)
    for second in range(1, 34):
        new_root = merkle.root(leaves[:second])
        for first in range(0, second + 1):
            old_root = merkle.root(leaves[:first])
            proof = merkle.consistency_proof(leaves, first, second)
            assert merkle.verify_consistency(first, second, old_root, new_root, proof)
            if 0 < first < second:
                assert not merkle.verify_consistency(first, second, OTHER, new_root, proof)
                assert not merkle.verify_consistency(first, second, old_root, OTHER, proof)
                for position in range(len(proof)):
                    tampered = list(proof)
                    tampered[position] = OTHER
                    assert not merkle.verify_consistency(first, second, old_root, new_root, tampered)


def test_a_rewritten_history_is_not_consistent_with_the_old_head() -> None:
    leaves = _leaves(20)
    old_root = merkle.root(leaves[:12])
    rewritten = list(leaves)
    rewritten[5] = OTHER
    proof = merkle.consistency_proof(rewritten, 12, 20)
    assert not merkle.verify_consistency(12, 20, old_root, merkle.root(rewritten), proof)


def test_proofs_refuse_sizes_outside_the_log() -> None:
    leaves = _leaves(4)
    with pytest.raises(ValueError):
        merkle.inclusion_proof(leaves, 4, 4)
    with pytest.raises(ValueError):
        merkle.consistency_proof(leaves, 3, 5)
