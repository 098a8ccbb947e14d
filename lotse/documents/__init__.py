"""Documents of a case: safe uploads, the checklist, the worker's secure link."""
