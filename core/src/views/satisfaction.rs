//! The satisfaction view's figures (being built).
