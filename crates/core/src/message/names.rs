//! File names that come from a capture (attachment names, subjects) made safe
//! to write to a disk or offer as a download: no path, no `..`, no control or
//! bidirectional-override characters, nothing Windows refuses.

/// Longest name kept, in characters (the extension is kept when shortening).
const MAX_CHARS: usize = 120;

/// Characters that would change how a name reads or where it goes.
fn unwanted(c: char) -> bool {
    c.is_control()
        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        // Bidirectional controls can make "gnp.exe" look like "exe.png".
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
        || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}')
}

/// A safe file name for `name`, or `fallback` when nothing usable is left.
///
/// ```
/// use postscope_core::message::names::safe_file_name;
/// assert_eq!(safe_file_name("../../etc/passwd", "part"), "etc_passwd");
/// assert_eq!(safe_file_name("a\u{202e}gnp.exe", "part"), "agnp.exe");
/// assert_eq!(safe_file_name("..", "part"), "part");
/// ```
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '/' | '\\') {
            out.push('_');
        } else if unwanted(c) {
            continue;
        } else {
            out.push(c);
        }
    }
    // No `..`, no hidden files, nothing that ends in a dot or a space.
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    let mut s = out.trim_matches(|c: char| c == '.' || c == '_' || c.is_whitespace()).to_string();
    if s.is_empty() {
        return fallback.to_string();
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
        "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if RESERVED.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    if s.chars().count() > MAX_CHARS {
        let (base, ext) = split_ext(&s);
        let ext: String = ext.chars().take(16).collect();
        let ext = ext.trim_end_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
        let keep = MAX_CHARS.saturating_sub(ext.chars().count());
        // Cut where it may, the base must not end in a dot or a space either
        // ("name." + ".ch" would make a `..` again).
        let base: String = base.chars().take(keep).collect();
        s = base.trim_end_matches(|c: char| c == '.' || c.is_whitespace()).to_string() + &ext;
    }
    s
}

/// `name` with `-n` before its extension: `a.png` → `a-2.png`.
pub fn with_suffix(name: &str, n: u32) -> String {
    let (base, ext) = split_ext(name);
    format!("{base}-{n}{ext}")
}

/// Splits at the last dot that is not the first character: ("a.tar", ".gz").
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_dots_and_controls_go() {
        assert_eq!(safe_file_name("/etc/passwd", "x"), "etc_passwd");
        assert_eq!(safe_file_name("..\\..\\win.ini", "x"), "win.ini");
        assert_eq!(safe_file_name("a..b", "x"), "a.b");
        assert_eq!(safe_file_name("report\r\n.pdf", "x"), "report.pdf");
        assert_eq!(safe_file_name("<script>alert(1)</script>.html", "x"), "scriptalert(1)_script.html");
        assert_eq!(safe_file_name(".bashrc", "x"), "bashrc");
        assert_eq!(safe_file_name("   ", "x"), "x");
        assert_eq!(safe_file_name("CON.txt", "x"), "_CON.txt");
        assert_eq!(safe_file_name("Grüße ✉.txt", "x"), "Grüße ✉.txt");
        assert_eq!(safe_file_name("a\u{0}b\u{7f}c", "x"), "abc");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.png", "a".repeat(500));
        let s = safe_file_name(&long, "x");
        assert!(s.ends_with(".png") && s.chars().count() == MAX_CHARS, "{s}");
    }

    #[test]
    fn shortening_makes_no_double_dot() {
        // Found by the `inspect` fuzz target: a Message-ID turned file name,
        // cut right after a dot, before its extension.
        let name = format!("{}hoefer\" <jan.g: <201512082130.tB8LU0vs014629@gras-os-desk.cern.ch>", "A".repeat(93));
        let s = safe_file_name(&name, "x");
        assert!(!s.contains("..") && s.ends_with(".ch") && s.chars().count() <= MAX_CHARS, "{s}");
        let s = safe_file_name(&format!("{}.{}.ch", "a".repeat(116), "b".repeat(10)), "x");
        assert_eq!(s, format!("{}.ch", "a".repeat(116)));
        // Its second: an "extension" cut at 16 characters, right after a space.
        let s = safe_file_name(&format!("{}.title=3D'PWNED by onload'", "A".repeat(300)), "x");
        assert_eq!(s, format!("{}.title=3D'PWNED", "A".repeat(MAX_CHARS - ".title=3D'PWNED".len())));
    }

    #[test]
    fn suffixes_go_before_the_extension() {
        assert_eq!(with_suffix("a.png", 2), "a-2.png");
        assert_eq!(with_suffix("README", 1), "README-1");
        assert_eq!(with_suffix("x.tar.gz", 3), "x.tar-3.gz");
    }
}
