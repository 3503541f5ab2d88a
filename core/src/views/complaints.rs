//! The complaints view's figures (being built).
