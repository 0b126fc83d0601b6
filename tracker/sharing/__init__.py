"""Read-only share links for a physiotherapist."""
