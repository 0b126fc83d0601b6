"""Reminders at the person's own times: an iCalendar file, or Web Push from the app."""
