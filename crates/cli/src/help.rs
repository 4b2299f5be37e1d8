//! `--help` in the reader's language: the command's about, every option's
//! help and the headings come from the CLI's tables (`help.*` keys in
//! `crates/cli/locales/<tag>.tsv`), English included, so the three are kept
//! together. `--lang` is read from the arguments before clap parses them, so
//! `postscope --lang tr --help` (in either order) is in Turkish, and so is a
//! usage error (`error_in`: the kinds a student meets, in the same words;
//! any other kind in clap's English).

use crate::words::WORDS;
use clap::Command;
use postscope_core::explain::Locale;
use std::ffi::OsString;

/// The language `--lang` asks for (`--lang tr`, `--lang=tr`), else English:
/// an unknown value is clap's to report.
pub fn lang_in(args: &[OsString]) -> Locale {
    let mut chosen = Locale::En;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(l) = value.as_deref().and_then(Locale::from_tag) {
            chosen = l;
        }
    }
    chosen
}

/// The words of `key`, with `{0}`, `{1}`, ... filled.
fn word(locale: Locale, key: &str, args: &[&str]) -> String {
    WORDS.fill(locale, key, args)
}

/// `cmd` with its help in `locale`. Every argument has `help.arg.<id>` (its
/// one line) and may have `help.arg.<id>.long` (the paragraph `--help` adds);
/// `protocols` fills `--decode-as`'s list.
pub fn localize(cmd: Command, locale: Locale, protocols: &str) -> Command {
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    let arguments = word(locale, "help.heading.arguments", &[]);
    let options = word(locale, "help.heading.options", &[]);
    let template = format!("{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}", word(locale, "help.heading.usage", &[]));
    let mut cmd = cmd
        .about(word(locale, "help.about", &[]))
        .override_usage(word(locale, "help.usage", &[]))
        .help_template(template)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(clap::Arg::new("help").short('h').long("help").action(clap::ArgAction::Help))
        .arg(clap::Arg::new("version").short('V').long("version").action(clap::ArgAction::Version));
    for id in ids.iter().map(String::as_str).chain(["help", "version"]) {
        let key = format!("help.arg.{id}");
        let long = format!("{key}.long");
        let value = format!("help.value.{id}");
        let help = word(locale, &key, &[protocols]);
        let long_help = WORDS.has(locale, &long).then(|| word(locale, &long, &[protocols]));
        let value_name = WORDS.has(locale, &value).then(|| word(locale, &value, &[]));
        let (arguments, options) = (arguments.clone(), options.clone());
        cmd = cmd.mut_arg(id, move |a| {
            let heading = if a.is_positional() { arguments } else { options };
            let mut a = a.help(help).help_heading(heading);
            if a.get_action().takes_values() {
                // The values and the default are in the help's own words (help.arg.lang.long).
                a = a.hide_possible_values(true).hide_default_value(true);
            }
            if let Some(long) = long_help {
                a = a.long_help(long);
            }
            if let Some(name) = value_name {
                a = a.value_name(name);
            }
            a
        });
    }
    cmd
}

/// A usage error in `locale`'s words, as clap lays one out (what is wrong,
/// the usage line, where to learn more), or `None` for English (clap's own
/// words), for `--help` and `--version`, and for a kind of error it does not
/// say in its own words (clap's then).
pub fn error_in(e: &clap::Error, cmd: &mut Command, locale: Locale) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if locale == Locale::En {
        return None;
    }
    let get = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            let mut w = word(locale, "help.error.unknown", &[&arg]);
            let suggested = get(ContextKind::SuggestedArg);
            if !suggested.is_empty() {
                w.push_str(&word(locale, "help.error.suggested", &[&suggested]));
            }
            w
        }
        ErrorKind::InvalidValue if value.is_empty() => word(locale, "help.error.no_value", &[&arg]),
        ErrorKind::InvalidValue => word(locale, "help.error.invalid_value", &[&value, &arg, &get(ContextKind::ValidValue)]),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map(|r| r.to_string()).unwrap_or_default();
            word(locale, "help.error.unreadable_value", &[&value, &arg, &reason])
        }
        ErrorKind::MissingRequiredArgument => word(locale, "help.error.missing", &[&arg]),
        ErrorKind::ArgumentConflict => match get(ContextKind::PriorArg) {
            prior if prior == arg => word(locale, "help.error.repeated", &[&arg]),
            prior => word(locale, "help.error.conflict", &[&arg, &prior]),
        },
        _ => return None,
    };
    Some(format!(
        "{}{what}\n\n{} {}\n\n{}\n",
        word(locale, "help.error.lead", &[]),
        word(locale, "help.heading.usage", &[]),
        cmd.render_usage().to_string().trim_start_matches("Usage: ").trim(),
        word(locale, "help.error.more", &[])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("postscope").chain(list.iter().copied()).map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_in_either_form_and_order() {
        assert_eq!(lang_in(&args(&["--help"])), Locale::En);
        assert_eq!(lang_in(&args(&["--lang", "tr", "--help"])), Locale::Tr);
        assert_eq!(lang_in(&args(&["--help", "--lang=zh"])), Locale::Zh);
        assert_eq!(lang_in(&args(&["--lang", "xx", "--help"])), Locale::En, "unknown: clap reports it");
        // A file named "--lang" after "--" is a file, not the option.
        assert_eq!(lang_in(&args(&["--", "--lang", "tr"])), Locale::En);
        // Another word that starts like it is not it.
        assert_eq!(lang_in(&args(&["--language", "tr"])), Locale::En);
    }

    /// In every language the command passes clap's own checks, and every
    /// argument, the two built-in flags included, has its words (a missing key
    /// would show as the key itself).
    #[test]
    fn every_argument_has_its_words_in_every_language() {
        use clap::CommandFactory;
        for locale in Locale::ALL {
            let mut cmd = localize(crate::Args::command(), locale, "smtp, pop3");
            cmd.build();
            cmd.clone().debug_assert();
            let mut seen = 0;
            for a in cmd.get_arguments() {
                let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(!help.is_empty() && !help.starts_with("help."), "{}: --{} has no words: {help:?}", locale.tag(), a.get_id());
                if let Some(long) = a.get_long_help() {
                    assert!(!long.to_string().starts_with("help."), "{}: --{}", locale.tag(), a.get_id());
                }
                seen += 1;
            }
            assert_eq!(seen, crate::Args::command().get_arguments().count() + 2, "{}: the arguments and -h, -V", locale.tag());
            let long = cmd.render_long_help().to_string();
            assert!(long.contains("smtp, pop3"), "{}: --decode-as lists the protocols", locale.tag());
        }
    }
}
