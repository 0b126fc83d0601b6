"""The technique catalog, read-only."""
