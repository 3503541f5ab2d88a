//! The timeliness view's figures (being built).
