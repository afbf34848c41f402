from flask import Blueprint

bp = Blueprint("transcripts", __name__)
