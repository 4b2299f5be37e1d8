//! SASL exchanges, shared by SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE:
//! Base64 decoded line by line, and the credentials they carry pulled out
//! (LOGIN, PLAIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, NTLM; other mechanisms are
//! decoded but not interpreted).

use crate::explain::{self, Explain};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const B64: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::STANDARD, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent));

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
    let text = crate::mail::lossy(bytes);
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
    pub explain: Explain,
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
    /// The protocol that carries the exchange ("smtp", "pop3", "imap"): each
    /// defines its own SASL profile (RFC 4954 §4, RFC 5034 §4, RFC 9051 §6.2.2).
    protocol: &'static str,
}

impl Sasl {
    /// An exchange in SMTP's AUTH.
    pub fn new(mechanism: &str) -> Self {
        Sasl::in_protocol(mechanism, crate::model::Protocol::Smtp)
    }

    /// An exchange carried by `protocol` (POP3's AUTH, IMAP's AUTHENTICATE).
    pub fn in_protocol(mechanism: &str, protocol: crate::model::Protocol) -> Self {
        let protocol = match protocol {
            crate::model::Protocol::Pop3 => "pop3",
            crate::model::Protocol::Imap => "imap",
            _ => "smtp",
        };
        Sasl { mechanism: mechanism.to_ascii_uppercase(), answers: 0, asked: None, learnt: Learnt::default(), protocol }
    }

    /// A step's explanation, cited from the carrying protocol's own SASL profile where it has one.
    fn say(&self, key: &str, args: &[&str]) -> Explain {
        explain::text(&[&format!("{key}.{}", self.protocol), key], args)
    }

    /// A server challenge or prompt (the text after `334 ` or `+ `).
    pub fn server(&mut self, text: &str) -> Step {
        let Some(bytes) = decode_b64(text) else {
            return Step { decoded: None, explain: Explain::none() };
        };
        if self.mechanism == "NTLM" && bytes.starts_with(ntlm::SIGNATURE) {
            return Step { decoded: Some(printable(&bytes)), explain: ntlm::explain(&bytes, &mut self.learnt) };
        }
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
            explain::text(&["sasl.prompt.empty"], &[])
        } else if matches!(self.mechanism.as_str(), "XOAUTH2" | "OAUTHBEARER") && bytes.starts_with(b"{") {
            explain::text(&["sasl.token.error"], &[&shown])
        } else {
            self.say("sasl.prompt", &[&shown])
        };
        Step { decoded: Some(shown), explain }
    }

    /// A client answer line. The credential learnt, if any, is in `self.learnt`.
    pub fn client(&mut self, text: &str) -> Step {
        if text.trim() == "*" {
            return Step { decoded: None, explain: self.say("sasl.cancel", &[]) };
        }
        self.answers += 1;
        let Some(bytes) = decode_b64(text) else {
            return Step { decoded: None, explain: self.say("sasl.not_base64", &[]) };
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

    /// True when the client has sent every answer its mechanism needs, so a
    /// further client line can only be a new command (the server's verdict
    /// may be late in the capture, or missing).
    pub fn complete(&self) -> bool {
        match self.mechanism.as_str() {
            "LOGIN" => self.learnt.password.is_some(),
            "PLAIN" | "CRAM-MD5" | "XOAUTH2" | "OAUTHBEARER" => self.answers >= 1,
            "NTLM" => self.learnt.secret.is_some(),
            _ => false,
        }
    }

    fn interpret(&mut self, bytes: &[u8], shown: &str) -> Explain {
        let text = crate::mail::lossy(bytes).into_owned();
        if self.mechanism == "NTLM" && bytes.starts_with(ntlm::SIGNATURE) {
            return ntlm::explain(bytes, &mut self.learnt);
        }
        match self.mechanism.as_str() {
            "PLAIN" => {
                let parts: Vec<&[u8]> = bytes.split(|&b| b == 0).collect();
                if parts.len() == 3 {
                    let user = crate::mail::lossy(parts[1]).into_owned();
                    let pass = crate::mail::lossy(parts[2]).into_owned();
                    self.learnt.username = Some(user.clone());
                    self.learnt.password = Some(pass.clone());
                    explain::text(&["sasl.plain"], &[shown, &user, &pass])
                } else {
                    explain::text(&["sasl.data"], &[shown])
                }
            }
            "LOGIN" if self.answers > 2 => explain::text(&["sasl.data"], &[shown]),
            "LOGIN" => {
                // One exchange asks for the username once, then the password:
                // a prompt may be missing from the capture, or seen late.
                let is_user = self.asked.take() != Some("password") && self.learnt.username.is_none();
                if is_user {
                    self.learnt.username = Some(text);
                    self.say("sasl.username", &[shown])
                } else {
                    self.learnt.password = Some(text);
                    self.say("sasl.password", &[shown])
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

/// NTLM messages (MS-NLMP §2.2.1): what a capture shows of them.
mod ntlm {
    use super::Learnt;
    use crate::explain::{self, Explain};

    pub const SIGNATURE: &[u8] = b"NTLMSSP\0";
    const UNICODE: u32 = 0x0000_0001;

    fn u16_at(b: &[u8], at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
    }

    fn u32_at(b: &[u8], at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
    }

    /// The bytes a field header (length, max length, offset) at `at` points to.
    fn field(b: &[u8], at: usize) -> Option<&[u8]> {
        let len = u16_at(b, at)? as usize;
        let off = u32_at(b, at + 4)? as usize;
        b.get(off..off.checked_add(len)?)
    }

    fn string(b: &[u8], at: usize, unicode: bool) -> String {
        let Some(raw) = field(b, at) else {
            return String::new();
        };
        if unicode {
            let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        } else {
            crate::mail::lossy(raw).into_owned()
        }
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Explains one NTLM message; an AUTHENTICATE message also yields the credential.
    pub fn explain(b: &[u8], learnt: &mut Learnt) -> Explain {
        match u32_at(b, 8) {
            Some(1) => {
                let flags = u32_at(b, 12).unwrap_or(0);
                let (domain, ws) = (string(b, 16, false), string(b, 24, false));
                let names = if domain.is_empty() && ws.is_empty() {
                    Explain::none()
                } else {
                    explain::fragment(&["sasl.ntlm.names"], &[&domain, &ws])
                };
                let _ = flags;
                explain::with(&["sasl.ntlm.negotiate"], vec![names.into()])
            }
            Some(2) => {
                let flags = u32_at(b, 20).unwrap_or(0);
                let challenge = b.get(24..32).map(hex).unwrap_or_default();
                let target = string(b, 12, flags & UNICODE != 0);
                let target = if target.is_empty() { Explain::none() } else { explain::fragment(&["sasl.ntlm.target"], &[&target]) };
                explain::with(&["sasl.ntlm.challenge"], vec![challenge.into(), target.into()])
            }
            Some(3) => {
                let flags = u32_at(b, 60).unwrap_or(UNICODE);
                let unicode = flags & UNICODE != 0;
                let (domain, user, ws) = (string(b, 28, unicode), string(b, 36, unicode), string(b, 44, unicode));
                let nt = field(b, 20).unwrap_or_default();
                learnt.username = Some(if domain.is_empty() { user.clone() } else { format!("{domain}\\{user}") });
                learnt.secret = Some(hex(nt));
                explain::text(&["sasl.ntlm.authenticate"], &[&domain, &user, &ws, &nt.len().to_string()])
            }
            _ => explain::text(&["sasl.ntlm.other"], &[]),
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
        assert!(explain::plain(&step.explain).contains("wonderland"));
    }

    #[test]
    fn ntlm_authenticate_shows_domain_user_and_workstation() {
        // An AUTHENTICATE message built by hand: Unicode flag, names in UTF-16LE.
        let utf16 = |s: &str| s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect::<Vec<u8>>();
        let (domain, user, ws, nt) = (utf16("LAB"), utf16("alice"), utf16("PC1"), vec![0xabu8; 24]);
        let mut m = b"NTLMSSP\0".to_vec();
        m.extend(3u32.to_le_bytes());
        let mut payload = Vec::new();
        let base = 64u32;
        let mut fields = Vec::new();
        for part in [&Vec::new(), &nt, &domain, &user, &ws, &Vec::new()] {
            fields.push((part.len() as u16, base + payload.len() as u32));
            payload.extend_from_slice(part);
        }
        for (len, off) in fields {
            m.extend(len.to_le_bytes());
            m.extend(len.to_le_bytes());
            m.extend(off.to_le_bytes());
        }
        m.extend(1u32.to_le_bytes());
        m.extend(payload);
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&m);
        let mut s = Sasl::new("NTLM");
        let step = s.client(&b64);
        let said = explain::plain(&step.explain);
        assert!(said.contains("domain \"LAB\", user \"alice\", workstation \"PC1\""), "{said}");
        assert!(said.contains("not sent"), "{said}");
        assert_eq!(s.learnt.username.as_deref(), Some("LAB\\alice"));
        assert_eq!(s.learnt.secret.as_deref(), Some("ab".repeat(24).as_str()));
        assert_eq!(s.learnt.password, None);
        assert!(s.complete());
    }

    #[test]
    fn not_base64_is_said_not_guessed() {
        let mut s = Sasl::new("LOGIN");
        let step = s.client("this is not base64!");
        assert_eq!(step.decoded, None);
        assert!(s.learnt.is_empty());
    }
}
