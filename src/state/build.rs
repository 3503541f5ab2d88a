//! Which build a worker is of (`kpi_core::protocol::BUILD`): its first message names it. Any
//! other first message, or another name, means a copy the browser kept in its cache from another
//! build, whose messages may mean other things. The engine and the on-demand workers ask here.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// What a worker's message is, as to its build.
pub enum Heard {
    /// The worker named this page's build.
    Named,
    /// A message of a worker of this build.
    Message,
    /// A worker of another build (or of one from before builds were named).
    OtherBuild,
}

/// Whether the current worker has named this page's build.
#[derive(Clone, Copy)]
pub struct BuildCheck {
    named: StoredValue<bool>,
}

impl BuildCheck {
    pub fn new() -> BuildCheck {
        BuildCheck {
            named: StoredValue::new(false),
        }
    }

    pub fn hear(&self, data: &JsValue) -> Heard {
        if let Some(build) = data.as_string() {
            let same = build == kpi_core::protocol::BUILD;
            self.named.set_value(same);
            return if same {
                Heard::Named
            } else {
                Heard::OtherBuild
            };
        }
        if self.named.get_value() {
            Heard::Message
        } else {
            Heard::OtherBuild
        }
    }

    /// A new worker is started: it names its build again.
    pub fn restart(&self) {
        self.named.set_value(false);
    }
}
