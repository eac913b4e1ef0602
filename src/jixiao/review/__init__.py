"""Reviewer web app over a SQLite store: check suggested values against their source."""
