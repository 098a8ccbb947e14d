"""Statutory deadlines: period arithmetic as the law counts (plain Python), and the procedure's clocks."""
