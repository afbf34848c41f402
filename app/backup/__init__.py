"""Backups: `flask backup` and `flask restore` of the database and every stored file."""
