"""Running FirstStep: backups, and what production needs beyond the app itself."""
