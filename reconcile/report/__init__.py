"""Read-only renderers of the conflict report: JSON, Markdown and a terminal table."""
