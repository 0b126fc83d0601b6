"""Self-care sessions: how long, which techniques, which foot, how hard."""
