//! The quality view's charts (being built).
