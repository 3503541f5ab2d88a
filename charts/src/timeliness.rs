//! The timeliness view's charts (being built).
