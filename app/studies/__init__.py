from flask import Blueprint

bp = Blueprint("studies", __name__, url_prefix="/studies")

