"""Review on top of the pipeline: reviewers' decisions on findings and event links, and the queue."""
