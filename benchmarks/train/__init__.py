"""Training the pipelines shipped in the package: corpora readers, configs and the commands that build them."""
