"""The shipped prompt templates (plain text); see ../prompting.py."""
