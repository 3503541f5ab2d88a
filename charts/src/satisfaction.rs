//! The satisfaction view's charts (being built).
