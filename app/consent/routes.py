"""Consent pages (placeholder while services are built)."""
from app.consent import rules

rules.register()
