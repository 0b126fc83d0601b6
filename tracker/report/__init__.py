"""The one-page printable report for the physiotherapist."""
