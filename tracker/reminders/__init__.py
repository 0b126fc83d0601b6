"""Calendar reminders as an iCalendar file: no push server needed."""
