"""Bringing contacts in and taking the campaign out: LinkedIn CSV, vCard, iCalendar (one module each)."""
