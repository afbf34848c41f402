from flask import Blueprint

bp = Blueprint("recruitment", __name__)
