//! The cipher suites the decryptor knows: for each, the record cipher, the
//! hash of the PRF (TLS 1.2) or of HKDF (TLS 1.3), and the MAC of CBC suites.

/// A hash function, as TLS uses it for the PRF, HKDF and HMAC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
}

impl Hash {
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
        }
    }
}

/// How records are protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cipher {
    Aes128Gcm,
    Aes256Gcm,
    ChaCha20Poly1305,
    /// AES in CBC mode with an HMAC (TLS 1.2: MAC-then-encrypt, or
    /// encrypt-then-MAC when both sides agreed on RFC 7366).
    Aes128Cbc(Hash),
    Aes256Cbc(Hash),
}

impl Cipher {
    pub fn key_len(self) -> usize {
        match self {
            Cipher::Aes128Gcm | Cipher::Aes128Cbc(_) => 16,
            Cipher::Aes256Gcm | Cipher::ChaCha20Poly1305 | Cipher::Aes256Cbc(_) => 32,
        }
    }

    /// The MAC of a CBC suite.
    pub fn mac(self) -> Option<Hash> {
        match self {
            Cipher::Aes128Cbc(h) | Cipher::Aes256Cbc(h) => Some(h),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suite {
    pub id: u16,
    pub name: &'static str,
    /// A TLS 1.3 suite (which says nothing of the key exchange).
    pub tls13: bool,
    pub cipher: Cipher,
    /// The PRF's hash (TLS 1.2) or HKDF's (TLS 1.3).
    pub hash: Hash,
}

const fn s(id: u16, name: &'static str, tls13: bool, cipher: Cipher, hash: Hash) -> Suite {
    Suite { id, name, tls13, cipher, hash }
}

use Cipher::*;
use Hash::*;

const SUITES: &[Suite] = &[
    s(0x1301, "TLS_AES_128_GCM_SHA256", true, Aes128Gcm, Sha256),
    s(0x1302, "TLS_AES_256_GCM_SHA384", true, Aes256Gcm, Sha384),
    s(0x1303, "TLS_CHACHA20_POLY1305_SHA256", true, ChaCha20Poly1305, Sha256),
    // TLS 1.2 AEAD suites
    s(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", false, Aes128Gcm, Sha256),
    s(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", false, Aes256Gcm, Sha384),
    s(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", false, Aes128Gcm, Sha256),
    s(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", false, Aes256Gcm, Sha384),
    s(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", false, Aes128Gcm, Sha256),
    s(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", false, Aes256Gcm, Sha384),
    s(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", false, Aes128Gcm, Sha256),
    s(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", false, Aes256Gcm, Sha384),
    s(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, ChaCha20Poly1305, Sha256),
    s(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", false, ChaCha20Poly1305, Sha256),
    s(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", false, ChaCha20Poly1305, Sha256),
    // TLS 1.2 CBC suites (the PRF is SHA-256 unless the suite names SHA-384)
    s(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", false, Aes128Cbc(Sha1), Sha256),
    s(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", false, Aes256Cbc(Sha1), Sha256),
    s(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", false, Aes128Cbc(Sha1), Sha256),
    s(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", false, Aes256Cbc(Sha1), Sha256),
    s(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", false, Aes128Cbc(Sha256), Sha256),
    s(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", false, Aes256Cbc(Sha384), Sha384),
    s(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", false, Aes128Cbc(Sha256), Sha256),
    s(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", false, Aes256Cbc(Sha384), Sha384),
    s(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", false, Aes128Cbc(Sha1), Sha256),
    s(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", false, Aes256Cbc(Sha1), Sha256),
    s(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", false, Aes128Cbc(Sha256), Sha256),
    s(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", false, Aes256Cbc(Sha256), Sha256),
    s(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", false, Aes128Cbc(Sha1), Sha256),
    s(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", false, Aes256Cbc(Sha1), Sha256),
    s(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", false, Aes128Cbc(Sha256), Sha256),
    s(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", false, Aes256Cbc(Sha256), Sha256),
];

/// The suite with this IANA number, if the decryptor knows it.
pub fn suite(id: u16) -> Option<&'static Suite> {
    SUITES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_with_the_table_and_numbers_are_unique() {
        for (i, s) in SUITES.iter().enumerate() {
            assert!(SUITES[i + 1..].iter().all(|t| t.id != s.id), "{} twice", s.name);
            assert_eq!(s.tls13, !s.name.contains("_WITH_"), "{}", s.name);
            assert_eq!(s.hash == Sha384, s.name.ends_with("SHA384"), "{}", s.name);
            let bits = if s.cipher.key_len() == 16 { "128" } else { "256" };
            assert!(s.name.contains(bits) || s.cipher == ChaCha20Poly1305, "{}", s.name);
            assert_eq!(s.cipher.mac().is_some(), s.name.contains("_CBC_"), "{}", s.name);
        }
        assert_eq!(suite(0x1303).unwrap().cipher, ChaCha20Poly1305);
        assert_eq!(suite(0xC014).unwrap().cipher, Aes256Cbc(Sha1));
        assert!(suite(0x0005).is_none());
    }
}
