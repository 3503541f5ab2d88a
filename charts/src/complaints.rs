//! The complaints view's charts (being built).
