"""Reports of nurturing: a sequence's numbers, its A/B tests and what it teaches the next one."""
