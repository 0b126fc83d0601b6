"""Self-experiments (N-of-1 trials): two conditions in randomized week blocks."""
