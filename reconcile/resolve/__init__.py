"""Mentions to entities and event mentions to events, across reports."""
