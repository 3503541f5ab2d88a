//! The page's state: the link (the URL is the state), the engine that holds the data and answers
//! reports, and what is loaded. Pages and widgets read these from context; nothing else keeps
//! state of its own.

pub mod dash;
pub mod engine;
pub mod exporter;
pub mod nav;
pub mod session;

pub use dash::{use_dash, Dash, Fonts, Shared};
pub use engine::Engine;
pub use exporter::Exporter;
pub use nav::Nav;
