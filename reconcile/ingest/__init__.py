"""Report files in, whole reports stored: reader.py checks a file, load.py persists it."""
