"""Paused days: travel, illness, flare-ups and prescribed rest are not missed days."""
