"""Bringing the export's CSV files back in: all or nothing, never a duplicate."""
