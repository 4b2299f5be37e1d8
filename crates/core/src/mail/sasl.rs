//! SASL exchanges, shared by SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE:
//! Base64 decoded line by line, and the credentials they carry pulled out
//! (LOGIN, PLAIN, CRAM-MD5, XOAUTH2, OAUTHBEARER; other mechanisms are
//! decoded but not interpreted).

use crate::explain;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes Base64 text; `None` when it is not Base64.
pub fn decode_b64(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(Vec::new());
    }
    B64.decode(t).ok()
}

/// Shows bytes as text a student can read: NUL as `\0`, other control bytes as `\xNN`.
pub fn printable(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\0' => out.push_str("\\0"),
            '\x01' => out.push_str("\\x01"),
            c if c.is_control() && c != '\t' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// What a SASL line turned out to be.
#[derive(Debug, Default)]
pub struct Step {
    /// The line, Base64 decoded, made printable.
    pub decoded: Option<String>,
    pub explain: String,
}

/// Credentials learnt so far in one exchange.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Learnt {
    pub username: Option<String>,
    pub password: Option<String>,
    /// A digest or token that stands in for the password.
    pub secret: Option<String>,
}

impl Learnt {
    pub fn is_empty(&self) -> bool {
        self.username.is_none() && self.password.is_none() && self.secret.is_none()
    }
}

/// One SASL exchange in progress.
#[derive(Debug)]
pub struct Sasl {
    pub mechanism: String,
    /// Client answers seen so far.
    answers: u32,
    /// What the last server prompt asked for, when it said ("username", "password").
    asked: Option<&'static str>,
    pub learnt: Learnt,
}

impl Sasl {
    pub fn new(mechanism: &str) -> Self {
        Sasl { mechanism: mechanism.to_ascii_uppercase(), answers: 0, asked: None, learnt: Learnt::default() }
    }

    /// A server challenge or prompt (the text after `334 ` or `+ `).
    pub fn server(&mut self, text: &str) -> Step {
        let Some(bytes) = decode_b64(text) else {
            return Step { decoded: None, explain: String::new() };
        };
        let shown = printable(&bytes);
        let lower = shown.to_ascii_lowercase();
        self.asked = if lower.starts_with("username") || lower.starts_with("user name") {
            Some("username")
        } else if lower.starts_with("password") {
            Some("password")
        } else {
            None
        };
        let explain = if self.mechanism == "CRAM-MD5" {
            explain::text(&["sasl.cram.challenge"], &[&shown])
        } else if bytes.is_empty() {
            String::new()
        } else {
            explain::text(&["sasl.prompt"], &[&shown])
        };
        Step { decoded: Some(shown), explain }
    }

    /// A client answer line. The credential learnt, if any, is in `self.learnt`.
    pub fn client(&mut self, text: &str) -> Step {
        if text.trim() == "*" {
            return Step { decoded: None, explain: explain::text(&["sasl.cancel"], &[]) };
        }
        self.answers += 1;
        let Some(bytes) = decode_b64(text) else {
            return Step { decoded: None, explain: explain::text(&["other.bytes"], &[]) };
        };
        let shown = printable(&bytes);
        let explain = self.interpret(&bytes, &shown);
        Step { decoded: Some(shown), explain }
    }

    /// An initial response sent with the command itself (`AUTH PLAIN dGVzdA==`).
    pub fn initial(&mut self, text: &str) -> Step {
        if text == "=" {
            return Step { decoded: Some(String::new()), explain: explain::text(&["sasl.empty"], &[]) };
        }
        self.client(text)
    }

    fn interpret(&mut self, bytes: &[u8], shown: &str) -> String {
        let text = String::from_utf8_lossy(bytes).into_owned();
        match self.mechanism.as_str() {
            "PLAIN" => {
                let parts: Vec<&[u8]> = bytes.split(|&b| b == 0).collect();
                if parts.len() == 3 {
                    let user = String::from_utf8_lossy(parts[1]).into_owned();
                    let pass = String::from_utf8_lossy(parts[2]).into_owned();
                    self.learnt.username = Some(user.clone());
                    self.learnt.password = Some(pass.clone());
                    explain::text(&["sasl.plain"], &[&format!("\"{shown}\""), &user, &pass])
                } else {
                    explain::text(&["sasl.data"], &[shown])
                }
            }
            "LOGIN" if self.answers > 2 => explain::text(&["sasl.data"], &[shown]),
            "LOGIN" => {
                let is_user = match self.asked {
                    Some(what) => what == "username",
                    None => self.learnt.username.is_none(),
                };
                if is_user {
                    self.learnt.username = Some(text);
                    explain::text(&["sasl.username"], &[shown])
                } else {
                    self.learnt.password = Some(text);
                    explain::text(&["sasl.password"], &[shown])
                }
            }
            "CRAM-MD5" => {
                if let Some((user, digest)) = text.rsplit_once(' ') {
                    self.learnt.username = Some(user.to_string());
                    self.learnt.secret = Some(digest.to_string());
                }
                explain::text(&["sasl.cram.response"], &[shown])
            }
            "XOAUTH2" | "OAUTHBEARER" => {
                for field in text.split('\x01') {
                    if let Some(u) = field.strip_prefix("user=") {
                        self.learnt.username = Some(u.to_string());
                    } else if let Some(auth) = field.strip_prefix("auth=") {
                        self.learnt.secret = Some(auth.to_string());
                    } else if let Some(gs2) = field.strip_prefix("n,") {
                        if let Some(a) = gs2.split(',').find_map(|p| p.strip_prefix("a=")) {
                            self.learnt.username = Some(a.to_string());
                        }
                    }
                }
                let who = self.learnt.username.clone().unwrap_or_else(|| "this user".into());
                explain::text(&["sasl.token"], &[&who])
            }
            _ => {
                if bytes.is_empty() {
                    explain::text(&["sasl.empty"], &[])
                } else {
                    explain::text(&["sasl.data"], &[shown])
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_prompts_and_answers() {
        let mut s = Sasl::new("login");
        assert_eq!(s.server("VXNlcm5hbWU6").decoded.as_deref(), Some("Username:"));
        let step = s.client("Z3VycGFydGFwQHBhdHJpb3RzLmlu");
        assert_eq!(step.decoded.as_deref(), Some("gurpartap@patriots.in"));
        s.server("UGFzc3dvcmQ6");
        s.client("cHVuamFiQDEyMw==");
        assert_eq!(s.learnt.username.as_deref(), Some("gurpartap@patriots.in"));
        assert_eq!(s.learnt.password.as_deref(), Some("punjab@123"));
    }

    #[test]
    fn plain_shows_nul_separators() {
        let mut s = Sasl::new("PLAIN");
        let step = s.initial("AGFsaWNlAHdvbmRlcmxhbmQ=");
        assert_eq!(step.decoded.as_deref(), Some("\\0alice\\0wonderland"));
        assert_eq!(s.learnt.password.as_deref(), Some("wonderland"));
        assert!(step.explain.contains("wonderland"));
    }

    #[test]
    fn not_base64_is_said_not_guessed() {
        let mut s = Sasl::new("LOGIN");
        let step = s.client("this is not base64!");
        assert_eq!(step.decoded, None);
        assert!(s.learnt.is_empty());
    }
}
