//! The one-page HTML report for a therapist (placeholder until the report lands).
