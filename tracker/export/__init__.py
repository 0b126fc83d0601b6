"""Exports for the physiotherapist: daily numbers, sessions, check-ins, pauses and plans,
as CSV and as Excel workbooks; and FHIR."""
