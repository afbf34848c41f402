"""Retention and destruction of a study's identifiable data, with a certificate, and a
participant's requests (subject access, erasure) (issue 17, DESIGN.md rule 10)."""
from flask import Blueprint

bp = Blueprint("retention", __name__)
