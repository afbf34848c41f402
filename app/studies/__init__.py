from flask import Blueprint

bp = Blueprint("studies", __name__)
