"""Gap scoring, optimisation and scheduling."""
