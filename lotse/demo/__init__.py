"""The Hannover demo: region data, the cast and their cases. It uses every app; no app imports it."""
