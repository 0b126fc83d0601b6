"""CSV exports for the physiotherapist: daily numbers, sessions and check-ins."""
