from flask import Blueprint

bp = Blueprint("fieldwork", __name__)
