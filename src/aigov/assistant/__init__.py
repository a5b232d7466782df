"""The citizen service assistant: answers from a knowledge base of public services, with a case handoff."""
