//! Embeds the built-in sample captures (assets/samples, listed in
//! samples.json) into the app, so it opens with a real capture even from a
//! folder with no server and no network.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new("assets/samples");
    let list = dir.join("samples.json");
    println!("cargo:rerun-if-changed={}", list.display());
    let mut code = String::from("pub static SAMPLES: &[Sample] = &[\n");
    if let Ok(text) = std::fs::read_to_string(&list) {
        let entries: serde_json::Value = serde_json::from_str(&text).expect("assets/samples/samples.json is not valid JSON");
        for e in entries.as_array().expect("samples.json must be an array") {
            let file = e["file"].as_str().expect("sample without \"file\"");
            let title = e["title"].as_str().unwrap_or(file);
            let summary = e["summary"].as_str().unwrap_or("");
            let path = std::fs::canonicalize(dir.join(file)).unwrap_or_else(|_| panic!("sample {file} listed but missing"));
            println!("cargo:rerun-if-changed={}", path.display());
            // A sample may come with the TLS key log its client wrote ("keylog": a file beside it).
            let keylog = match e["keylog"].as_str() {
                Some(k) => {
                    let kp =
                        std::fs::canonicalize(dir.join(k)).unwrap_or_else(|_| panic!("key log {k} of sample {file} listed but missing"));
                    println!("cargo:rerun-if-changed={}", kp.display());
                    format!("Some(include_bytes!({:?}))", kp.display().to_string())
                }
                None => "None".to_string(),
            };
            // Its guided tour, when one lies beside it (NAME.tour.json; the format is crates/core/src/tour.rs).
            let tour_path = dir.join(format!("{}.tour.json", file.rsplit_once('.').map_or(file, |(stem, _)| stem)));
            println!("cargo:rerun-if-changed={}", tour_path.display());
            let tour = match std::fs::canonicalize(&tour_path) {
                Ok(p) => format!("Some(include_str!({:?}))", p.display().to_string()),
                Err(_) => "None".to_string(),
            };
            // Its translations, each beside it as NAME.tour.TAG.json (tr, zh): the same steps in the reader's language.
            let mut tours = String::from("&[");
            for tag in ["tr", "zh"] {
                let tp = tour_path.with_extension(format!("{tag}.json"));
                println!("cargo:rerun-if-changed={}", tp.display());
                if let Ok(p) = std::fs::canonicalize(&tp) {
                    write!(tours, "({tag:?}, include_str!({:?})), ", p.display().to_string()).unwrap();
                }
            }
            tours.push(']');
            writeln!(
                code,
                "    Sample {{ file: {file:?}, title: {title:?}, summary: {summary:?}, bytes: include_bytes!({:?}), keylog: {keylog}, tour: {tour}, tours: {tours} }},",
                path.display().to_string()
            )
            .unwrap();
        }
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("samples.rs");
    std::fs::write(out, code).unwrap();
}
