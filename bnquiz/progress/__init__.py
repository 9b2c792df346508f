"""Progress: what the user answered and checked, when each question is due, and where they stand.

clock       now (pinned by BNQUIZ_NOW), and times as sortable text
migrations  the database's schema, as ordered named steps
database    where progress lives; opening it safely (`open_store`)
store       `Store`: named reads and writes, the one place that speaks SQL
review      FSRS: rating answers, rescheduling, what to review now, recording a session
stats       where the user stands; screens: its Rich view
overview    the home screen's numbers (due, new, the last session, drills); homescreen: its view
"""
