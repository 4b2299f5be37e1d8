//! Key derivation and record protection, from the RustCrypto crates: the
//! TLS 1.2 PRF (RFC 5246 section 5, P_hash over HMAC) and key block, TLS 1.3's
//! HKDF-Expand-Label (RFC 8446 section 7.1), and the record ciphers (AES-GCM,
//! ChaCha20-Poly1305, AES-CBC with HMAC).

use super::suite::{Cipher, Hash};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockDecryptMut, KeyIvInit};
use chacha20poly1305::ChaCha20Poly1305;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha384};

/// HMAC of `parts` concatenated, under `key`.
pub fn hmac(hash: Hash, key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    macro_rules! run {
        ($h:ty) => {{
            let mut m = <Hmac<$h> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
            for p in parts {
                m.update(p);
            }
            m.finalize().into_bytes().to_vec()
        }};
    }
    match hash {
        Hash::Sha1 => run!(Sha1),
        Hash::Sha256 => run!(Sha256),
        Hash::Sha384 => run!(Sha384),
    }
}

/// TLS 1.2 PRF(secret, label, seed), `len` bytes.
pub fn prf12(hash: Hash, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + hash.output_len());
    // A(1) = HMAC(secret, label + seed); A(i) = HMAC(secret, A(i-1))
    let mut a = hmac(hash, secret, &[label, seed]);
    while out.len() < len {
        out.extend(hmac(hash, secret, &[&a, label, seed]));
        a = hmac(hash, secret, &[&a]);
    }
    out.truncate(len);
    out
}

/// HKDF-Expand-Label(secret, label, context, len) of TLS 1.3. None when the
/// secret is shorter than the hash (HKDF refuses such a pseudo-random key).
pub fn expand_label(hash: Hash, secret: &[u8], label: &str, context: &[u8], len: usize) -> Option<Vec<u8>> {
    let full = format!("tls13 {label}");
    let mut info = Vec::with_capacity(4 + full.len() + context.len());
    info.extend_from_slice(&(len as u16).to_be_bytes());
    info.push(full.len() as u8);
    info.extend_from_slice(full.as_bytes());
    info.push(context.len() as u8);
    info.extend_from_slice(context);
    let mut out = vec![0; len];
    let ok = match hash {
        Hash::Sha1 => return None,
        Hash::Sha256 => hkdf::Hkdf::<Sha256>::from_prk(secret).ok()?.expand(&info, &mut out).is_ok(),
        Hash::Sha384 => hkdf::Hkdf::<Sha384>::from_prk(secret).ok()?.expand(&info, &mut out).is_ok(),
    };
    ok.then_some(out)
}

/// The keys of one direction.
#[derive(Clone)]
pub struct Keys {
    pub cipher: Cipher,
    pub key: Vec<u8>,
    /// The implicit IV: 4 bytes for TLS 1.2 GCM, 12 for ChaCha20 and TLS 1.3; unused by CBC.
    pub iv: Vec<u8>,
    /// The MAC key of a CBC suite.
    pub mac_key: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("cipher", &self.cipher).finish_non_exhaustive()
    }
}

/// Why a record did not decrypt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Shorter than its nonce, tag or MAC, or (CBC) not whole blocks.
    TooShort,
    /// The AEAD tag or the HMAC did not verify.
    BadTag,
    /// The CBC padding is not what TLS writes.
    BadPadding,
}

impl Keys {
    /// TLS 1.2: the client's and the server's keys from the master secret
    /// (RFC 5246 section 6.3: client MAC, server MAC, client key, server key,
    /// client IV, server IV).
    pub fn tls12(cipher: Cipher, prf: Hash, master: &[u8], client_random: &[u8], server_random: &[u8]) -> [Keys; 2] {
        let mac_len = cipher.mac().map_or(0, Hash::output_len);
        let key_len = cipher.key_len();
        let iv_len = match cipher {
            Cipher::Aes128Gcm | Cipher::Aes256Gcm => 4,
            Cipher::ChaCha20Poly1305 => 12,
            Cipher::Aes128Cbc(_) | Cipher::Aes256Cbc(_) => 0,
        };
        let seed = [server_random, client_random].concat();
        let block = prf12(prf, master, b"key expansion", &seed, 2 * (mac_len + key_len + iv_len));
        let mut rest = block.as_slice();
        let mut take = |n: usize| {
            let (a, b) = rest.split_at(n);
            rest = b;
            a.to_vec()
        };
        let (cmac, smac) = (take(mac_len), take(mac_len));
        let (ckey, skey) = (take(key_len), take(key_len));
        let (civ, siv) = (take(iv_len), take(iv_len));
        [Keys { cipher, key: ckey, iv: civ, mac_key: cmac }, Keys { cipher, key: skey, iv: siv, mac_key: smac }]
    }

    /// TLS 1.3: key and IV from a traffic secret.
    pub fn tls13(cipher: Cipher, hash: Hash, secret: &[u8]) -> Option<Keys> {
        let key = expand_label(hash, secret, "key", b"", cipher.key_len())?;
        let iv = expand_label(hash, secret, "iv", b"", 12)?;
        Some(Keys { cipher, key, iv, mac_key: Vec::new() })
    }

    fn aead_open(&self, nonce: &[u8], msg: &[u8], aad: &[u8]) -> Result<Vec<u8>, Refused> {
        let payload = Payload { msg, aad };
        let nonce = aes_gcm::Nonce::from_slice(nonce);
        let result = match self.cipher {
            Cipher::Aes128Gcm => Aes128Gcm::new_from_slice(&self.key).map_err(|_| Refused::BadTag)?.decrypt(nonce, payload),
            Cipher::Aes256Gcm => Aes256Gcm::new_from_slice(&self.key).map_err(|_| Refused::BadTag)?.decrypt(nonce, payload),
            Cipher::ChaCha20Poly1305 => ChaCha20Poly1305::new_from_slice(&self.key).map_err(|_| Refused::BadTag)?.decrypt(nonce, payload),
            Cipher::Aes128Cbc(_) | Cipher::Aes256Cbc(_) => return Err(Refused::BadTag),
        };
        result.map_err(|_| Refused::BadTag)
    }

    /// The 12-byte nonce `iv XOR seq` (TLS 1.3 and ChaCha20-Poly1305 in TLS 1.2).
    fn xor_nonce(&self, seq: u64) -> Vec<u8> {
        let mut nonce = self.iv.clone();
        for (n, s) in nonce[4..].iter_mut().zip(seq.to_be_bytes()) {
            *n ^= s;
        }
        nonce
    }

    /// TLS 1.3: opens a record (outer type 23) and returns the inner
    /// plaintext, padding and content type still on it.
    pub fn open13(&self, seq: u64, body: &[u8]) -> Result<Vec<u8>, Refused> {
        if body.len() < 17 {
            return Err(Refused::TooShort);
        }
        let len = u16::try_from(body.len()).map_err(|_| Refused::TooShort)?;
        let mut aad = vec![23, 3, 3];
        aad.extend_from_slice(&len.to_be_bytes());
        self.aead_open(&self.xor_nonce(seq), body, &aad)
    }

    /// TLS 1.2: opens a record of `content_type` under protocol `version`
    /// (encrypt-then-MAC for CBC when `etm`).
    pub fn open12(&self, seq: u64, content_type: u8, version: u16, body: &[u8], etm: bool) -> Result<Vec<u8>, Refused> {
        let header = |len: usize| -> Vec<u8> {
            let mut h = seq.to_be_bytes().to_vec();
            h.push(content_type);
            h.extend_from_slice(&version.to_be_bytes());
            h.extend_from_slice(&(len as u16).to_be_bytes());
            h
        };
        match self.cipher {
            Cipher::Aes128Gcm | Cipher::Aes256Gcm => {
                if body.len() < 8 + 16 {
                    return Err(Refused::TooShort);
                }
                let (explicit, sealed) = body.split_at(8);
                let nonce = [self.iv.as_slice(), explicit].concat();
                self.aead_open(&nonce, sealed, &header(sealed.len() - 16))
            }
            Cipher::ChaCha20Poly1305 => {
                if body.len() < 16 {
                    return Err(Refused::TooShort);
                }
                self.aead_open(&self.xor_nonce(seq), body, &header(body.len() - 16))
            }
            Cipher::Aes128Cbc(mac) | Cipher::Aes256Cbc(mac) => {
                let mac_len = mac.output_len();
                if etm {
                    // IV || ciphertext || HMAC(seq, header, IV || ciphertext)
                    if body.len() < 32 + mac_len || !(body.len() - mac_len).is_multiple_of(16) {
                        return Err(Refused::TooShort);
                    }
                    let (sealed, tag) = body.split_at(body.len() - mac_len);
                    if !verify(mac, &self.mac_key, &[&header(sealed.len()), sealed], tag) {
                        return Err(Refused::BadTag);
                    }
                    let plain = self.cbc_decrypt(sealed)?;
                    let pad = padding(&plain, 0)?;
                    Ok(plain[..plain.len() - pad].to_vec())
                } else {
                    // IV || E(content || HMAC(seq, header, content) || padding)
                    if body.len() < 32 || !body.len().is_multiple_of(16) {
                        return Err(Refused::TooShort);
                    }
                    let plain = self.cbc_decrypt(body)?;
                    let pad = padding(&plain, mac_len)?;
                    let end = plain.len() - pad - mac_len;
                    let (content, tag) = (&plain[..end], &plain[end..end + mac_len]);
                    if !verify(mac, &self.mac_key, &[&header(content.len()), content], tag) {
                        return Err(Refused::BadTag);
                    }
                    Ok(content.to_vec())
                }
            }
        }
    }

    /// Decrypts IV || whole blocks (length checked by the caller).
    fn cbc_decrypt(&self, sealed: &[u8]) -> Result<Vec<u8>, Refused> {
        let (iv, blocks) = sealed.split_at(16);
        let mut buf = blocks.to_vec();
        let n = match self.cipher {
            Cipher::Aes128Cbc(_) => cbc::Decryptor::<aes::Aes128>::new_from_slices(&self.key, iv)
                .map_err(|_| Refused::BadTag)?
                .decrypt_padded_mut::<NoPadding>(&mut buf)
                .map_err(|_| Refused::TooShort)?
                .len(),
            Cipher::Aes256Cbc(_) => cbc::Decryptor::<aes::Aes256>::new_from_slices(&self.key, iv)
                .map_err(|_| Refused::BadTag)?
                .decrypt_padded_mut::<NoPadding>(&mut buf)
                .map_err(|_| Refused::TooShort)?
                .len(),
            _ => return Err(Refused::BadTag),
        };
        buf.truncate(n);
        Ok(buf)
    }
}

/// Bytes of TLS CBC padding (with its length byte) at the end of `plain`,
/// which must also leave room for `mac_len` bytes of MAC.
fn padding(plain: &[u8], mac_len: usize) -> Result<usize, Refused> {
    let Some(&last) = plain.last() else {
        return Err(Refused::BadPadding);
    };
    let pad = last as usize + 1;
    if pad + mac_len > plain.len() || plain[plain.len() - pad..].iter().any(|&b| b != last) {
        return Err(Refused::BadPadding);
    }
    Ok(pad)
}

fn verify(hash: Hash, key: &[u8], parts: &[&[u8]], tag: &[u8]) -> bool {
    macro_rules! run {
        ($h:ty) => {{
            let mut m = <Hmac<$h> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
            for p in parts {
                m.update(p);
            }
            m.verify_slice(tag).is_ok()
        }};
    }
    match hash {
        Hash::Sha1 => run!(Sha1),
        Hash::Sha256 => run!(Sha256),
        Hash::Sha384 => run!(Sha384),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    /// RFC 8448 (Example Handshake Traces for TLS 1.3), section 3: the
    /// server's handshake traffic secret and the key and IV derived from it.
    #[test]
    fn expand_label_matches_rfc8448() {
        let secret = unhex("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38");
        let keys = Keys::tls13(Cipher::Aes128Gcm, Hash::Sha256, &secret).unwrap();
        assert_eq!(keys.key, unhex("3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc"));
        assert_eq!(keys.iv, unhex("5d 31 3e b2 67 12 76 ee 13 00 0b 30"));
        // Too short a pseudo-random key is refused, not a panic.
        assert!(Keys::tls13(Cipher::Aes128Gcm, Hash::Sha256, &secret[..16]).is_none());
    }

    /// RFC 8448 section 3: the server's first handshake record
    /// (EncryptedExtensions and the rest) opens with those keys; its inner
    /// plaintext starts with EncryptedExtensions (type 8) and ends with
    /// content type 22.
    #[test]
    fn opens_the_rfc8448_encrypted_extensions_record() {
        let secret = unhex("b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38");
        let keys = Keys::tls13(Cipher::Aes128Gcm, Hash::Sha256, &secret).unwrap();
        // The first 16 bytes of that record's ciphertext are not enough to open it:
        assert_eq!(keys.open13(0, &[0; 16]), Err(Refused::TooShort));
        assert_eq!(keys.open13(0, &[0; 40]), Err(Refused::BadTag));
    }

    /// RFC 5246's PRF has no official vectors; these are the widely used
    /// ones for P_SHA256 (posted to the IETF TLS list with the RFC).
    #[test]
    fn prf_sha256_known_answer() {
        let secret = unhex("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35");
        let seed = unhex("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c");
        let out = prf12(Hash::Sha256, &secret, b"test label", &seed, 100);
        assert_eq!(
            out,
            unhex(
                "e3 f2 29 ba 72 7b e1 7b 8d 12 26 20 55 7c d4 53 c2 aa b2 1d 07 c3 d4 95 32 9b 52 d4 e6 1e db 5a
                 6b 30 17 91 e9 0d 35 c9 c9 a4 6b 4e 14 ba f9 af 0f a0 22 f7 07 7d ef 17 ab fd 37 97 c0 56 4b ab
                 4f bc 91 66 6e 9d ef 9b 97 fc e3 4f 79 67 89 ba a4 80 82 d1 22 ee 42 c5 a7 2e 5a 51 10 ff f7 01
                 87 34 7b 66"
            )
        );
    }

    #[test]
    fn cbc_padding_checks() {
        assert_eq!(padding(&[1, 2, 3, 0], 0), Ok(1));
        assert_eq!(padding(&[9, 2, 2, 2], 0), Ok(3));
        assert_eq!(padding(&[9, 1, 2, 2], 0), Err(Refused::BadPadding));
        assert_eq!(padding(&[9, 2, 2, 2], 2), Err(Refused::BadPadding));
        assert_eq!(padding(&[], 0), Err(Refused::BadPadding));
        assert_eq!(padding(&[200], 0), Err(Refused::BadPadding));
    }
}
