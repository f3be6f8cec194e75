//! Generates the table of embedded model files from `models/` at the
//! workspace root: one `include_bytes!` per service, sorted by name so the
//! lookup is a binary search and nothing is decoded until a command asks.
use std::{env, fs, path::PathBuf};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
            .join("../../models");
    let root = root
        .canonicalize()
        .expect("models/ exists at the workspace root");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::new();
    for (table, dir) in [("SERVICES", "services"), ("DOCS", "docs")] {
        let dir_path = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir_path.display());
        let mut names: Vec<String> = fs::read_dir(&dir_path)
            .expect("models/ directory is readable")
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter_map(|n| n.strip_suffix(".zst").map(str::to_owned))
            .collect();
        names.sort();
        out.push_str(&format!(
            "pub(crate) static {table}: &[(&str, &[u8])] = &[\n"
        ));
        for name in names {
            let path = dir_path.join(format!("{name}.zst"));
            out.push_str(&format!(
                "    ({name:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            ));
        }
        out.push_str("];\n");
    }
    for (name, file) in [
        ("SERVICES_DICT", "services.dict"),
        ("DOCS_DICT", "docs.dict"),
    ] {
        let path = root.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "pub(crate) static {name}: &[u8] = include_bytes!({:?});\n",
            path.display().to_string()
        ));
    }
    let partitions = root.join("partitions.zst");
    out.push_str(&format!(
        "pub(crate) static PARTITIONS: &[u8] = include_bytes!({:?});\n",
        partitions.display().to_string()
    ));
    let version =
        fs::read_to_string(root.join("BOTOCORE_VERSION")).expect("models/BOTOCORE_VERSION");
    out.push_str(&format!(
        "pub(crate) static BOTOCORE_VERSION: &str = {:?};\n",
        version.trim()
    ));
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
