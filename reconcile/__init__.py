"""reconcile: align the claims of several reports about the same events and show where they disagree."""

__version__ = "0.1.0"
