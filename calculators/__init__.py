"""AI readiness score and baseline-versus-outcome ROI: a pure, standard-library-only core."""
