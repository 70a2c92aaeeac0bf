"""`reconcile serve`: the review queue in a browser, deciding with the same rules and table as the CLI."""
