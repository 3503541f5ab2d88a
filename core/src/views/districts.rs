//! The districts view's figures (being built).
