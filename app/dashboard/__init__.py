"""The study's dashboard and its targets: the top of the house, it reads every area."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__)
