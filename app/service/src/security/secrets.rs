//! The secret key: one 32-byte master key from a file (or the environment), never stored in the
//! database. Sub-keys for each purpose are derived from it, so one key serves field encryption,
//! search indexes and session-token hashing without reusing key material.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Secrets {
    encryption: [u8; 32],
    index: [u8; 32],
    tokens: [u8; 32],
    audit: [u8; 32],
    checkin: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl Secrets {
    pub fn from_master(master: [u8; 32]) -> Secrets {
        Secrets {
            encryption: derive(&master, "yucai field encryption v1"),
            index: derive(&master, "yucai search index v1"),
            tokens: derive(&master, "yucai session tokens v1"),
            audit: derive(&master, "yucai audit chain v1"),
            checkin: derive(&master, "yucai check-in codes v1"),
        }
    }

    /// A throwaway key (tests).
    pub fn random() -> Secrets {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        Secrets::from_master(k)
    }

    /// `YUCAI_SECRET_KEY` (64 hex characters) wins; otherwise the key file, created with a new
    /// random key (mode 0600) when it does not exist yet.
    pub fn load(file: &Path) -> anyhow::Result<Secrets> {
        if let Ok(hexkey) = std::env::var("YUCAI_SECRET_KEY") {
            return Ok(Secrets::from_master(parse_key(&hexkey)?));
        }
        if !file.exists() {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let mut k = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut k);
            write_private(file, &hex::encode(k))?;
            tracing::warn!(path = %file.display(), "created a new secret key: back it up with the database, or encrypted fields cannot be read");
        }
        refuse_shared(file)?;
        let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read the secret key file {}: {e}", file.display()))?;
        Ok(Secrets::from_master(parse_key(&text)?))
    }

    /// Encrypt a field value: base64 of a random 24-byte nonce followed by the ciphertext.
    pub fn encrypt(&self, plain: &str) -> anyhow::Result<String> {
        use base64::Engine;
        let cipher = XChaCha20Poly1305::new((&self.encryption).into());
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = cipher.encrypt(XNonce::from_slice(&nonce), plain.as_bytes()).map_err(|_| anyhow::anyhow!("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend(ct);
        Ok(base64::engine::general_purpose::STANDARD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> anyhow::Result<String> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(stored)?;
        anyhow::ensure!(bytes.len() > 24, "stored value too short");
        let cipher = XChaCha20Poly1305::new((&self.encryption).into());
        let plain = cipher
            .decrypt(XNonce::from_slice(&bytes[..24]), &bytes[24..])
            .map_err(|_| anyhow::anyhow!("decryption failed: wrong key or altered value"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// A keyed hash for exact search on an encrypted field.
    pub fn index(&self, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.index).expect("any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The key of the audit chain's hashes: without it, nobody can recompute a changed chain.
    pub fn audit_key(&self) -> [u8; 32] {
        self.audit
    }

    /// The signature in a check-in code: for one session and one 30-second window, so a code
    /// cannot be made for another session or another time without the key.
    pub fn checkin_mac(&self, session_id: i64, window: i64) -> String {
        use base64::Engine;
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.checkin).expect("any key length");
        mac.update(format!("{session_id}.{window}").as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..12])
    }

    /// The code in a check-in QR URL: session, window and signature.
    pub fn checkin_code(&self, session_id: i64, window: i64) -> String {
        format!("{session_id}.{window}.{}", self.checkin_mac(session_id, window))
    }

    /// Why a code does not admit a check-in to `session_id` at `now_ms` (a message for the user).
    pub fn check_code(&self, session_id: i64, code: &str, now_ms: i64) -> Result<(), String> {
        let invalid = || "二维码无效，请扫描签到屏幕上的二维码".to_string();
        let mut parts = code.trim().splitn(3, '.');
        let (Some(sid), Some(window), Some(mac)) = (parts.next(), parts.next(), parts.next()) else { return Err(invalid()) };
        let (Ok(sid), Ok(window)) = (sid.parse::<i64>(), window.parse::<i64>()) else { return Err(invalid()) };
        if self.checkin_mac(sid, window) != mac {
            return Err(invalid());
        }
        if sid != session_id {
            return Err("这是另一场课程的签到二维码，请扫描本场课程的二维码".into());
        }
        if !crate::domain::lectures::window_accepted(window, now_ms) {
            return Err("二维码已过期，请扫描屏幕上最新的二维码".into());
        }
        Ok(())
    }

    /// What is stored for a session token.
    pub fn token_hash(&self, token: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.tokens).expect("any key length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// A key file other users of the machine can read (or write) is refused: whoever reads it reads
/// every ID number, and can forge sessions and the audit chain.
fn refuse_shared(file: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .map_err(|e| anyhow::anyhow!("cannot read the secret key file {}: {e}", file.display()))?
            .permissions()
            .mode();
        anyhow::ensure!(
            mode & 0o007 == 0,
            "the secret key file {} can be read by every user of this machine (mode {:o}): run chmod 600 {} (and make it owned by the user running Yucai)",
            file.display(),
            mode & 0o777,
            file.display()
        );
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(text.trim()).map_err(|_| anyhow::anyhow!("the secret key must be 64 hexadecimal characters"))?;
    bytes.try_into().map_err(|_| anyhow::anyhow!("the secret key must be 64 hexadecimal characters (32 bytes)"))
}

/// Write a new file readable only by its owner, never replacing one that appeared meanwhile
/// (another process starting at the same moment keeps the same key).
fn write_private(path: &Path, content: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp{}-{}", std::process::id(), rand::rngs::OsRng.next_u32()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp)?;
    f.write_all(content.as_bytes())?;
    f.sync_all()?;
    drop(f);
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let s = Secrets::random();
        let c = s.encrypt("11010519491231002X").unwrap();
        assert!(!c.contains("1101"));
        assert_eq!(s.decrypt(&c).unwrap(), "11010519491231002X");
        // Two encryptions differ (random nonce), the index does not.
        assert_ne!(c, s.encrypt("11010519491231002X").unwrap());
        assert_eq!(s.index("x"), s.index("x"));
        // Another key cannot read it.
        assert!(Secrets::random().decrypt(&c).is_err());
        // A changed byte is detected.
        use base64::Engine;
        let mut raw = base64::engine::general_purpose::STANDARD.decode(&c).unwrap();
        raw[30] ^= 1;
        assert!(s.decrypt(&base64::engine::general_purpose::STANDARD.encode(raw)).is_err());
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = std::env::temp_dir().join(format!("yucai-key-{}", std::process::id()));
        let file = dir.join("secret.key");
        let _ = std::fs::remove_dir_all(&dir);
        let a = Secrets::load(&file).unwrap();
        let b = Secrets::load(&file).unwrap();
        assert_eq!(a.index("v"), b.index("v"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A world-readable key is refused at start.
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = Secrets::load(&file).unwrap_err().to_string();
            assert!(err.contains("chmod 600"), "{err}");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
            assert!(Secrets::load(&file).is_ok());
        }
        std::fs::write(dir.join("bad.key"), "not hex").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join("bad.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(Secrets::load(&dir.join("bad.key")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
