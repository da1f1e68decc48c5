"""Importing contacts from CSV and XLSX files (see pipeline.py)."""
