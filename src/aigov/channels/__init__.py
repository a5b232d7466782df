"""Channels the citizens write through, and the recorded outbox that carries answers back."""
