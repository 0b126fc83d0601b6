"""The dashboard: the person's own numbers, summarised and charted."""
