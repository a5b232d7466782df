"""Accounts and roles: users with argon2 passwords, sessions, scoped API tokens, the permission policy."""
