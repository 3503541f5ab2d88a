//! The quality view's figures (being built).
