//! The page's state: the link (the URL is the state), the engine that holds the data and answers
//! reports, what is loaded, and the intake of files (the mapper and its mapping step). Pages and
//! widgets read these from context; nothing else keeps state of its own.

mod build;
pub mod dash;
pub mod drawing;
pub mod engine;
pub mod exporter;
mod files;
pub mod intake;
mod mapper;
pub mod nav;
mod on_demand;
pub mod session;

pub use dash::{use_dash, Dash, Shared};
pub use engine::Engine;
pub use exporter::Exporter;
pub use intake::Intake;
pub use nav::Nav;
