//! The districts view's charts (being built).
