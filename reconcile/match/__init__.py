"""Claims across reports aligned per subject and property, and classified into findings."""
