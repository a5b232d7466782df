"""Tamper-evident audit log: a hash chain that is also an RFC 6962 Merkle tree, with signed tree heads."""
