"""The phone app's pages (server-rendered, small plain JavaScript)."""

from tracker.web.routes import bp

__all__ = ["bp"]
