"""The signed-in person's own settings and API tokens."""
