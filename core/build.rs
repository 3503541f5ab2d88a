//! The build's identity for the page and its workers (`protocol::BUILD`): a hash of the text
//! their messages are made of, this crate's sources, the mapper's protocol and the lock file
//! (the encoding's crates). A worker kept in a browser's cache from another build says so
//! instead of misreading messages (src/state/engine.rs, on_demand.rs).

use std::path::{Path, PathBuf};

const INPUTS: [&str; 3] = ["src", "../mapper/src/protocol.rs", "../Cargo.lock"];

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits: a fingerprint, not a defence.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let name = file.to_string_lossy();
        let text = std::fs::read(file).unwrap_or_default();
        for &b in name
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(text.iter())
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=KPI_BUILD={hash:016x}");
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
