"""Morning check-ins: first-step pain, stiffness and warning signs."""
