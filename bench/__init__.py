"""`make bench`: understanding, training, speed under load and memory, written to reports/."""
