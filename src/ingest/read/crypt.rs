//! Encrypted workbooks that Excel's default password opens: legacy .xls (RC4) and OOXML packages.
//!
//! Excel encrypts a workbook that has only a password to modify, or a protected structure, with
//! the built-in password "VelvetSweatshop" and opens it without asking; some other writers do the
//! same to an .xlsx. calamine refuses every encrypted workbook. Here tongji checks whether the
//! default password opens the file and, when it does, decrypts it; a file with a password of its
//! own stays refused, named as such (its password verifier is checked before anything is
//! decrypted, so it is never decrypted to garbage).
//!
//! - .xls (BIFF8): the two RC4 schemes of MS-OFFCRYPTO, 2.3.6 "RC4 encryption" and 2.3.5 "RC4
//!   CryptoAPI". The workbook stream is decrypted in place for calamine; XOR obfuscation (2.3.7)
//!   is recognised by its verifier, not undone.
//! - .xlsx/.xlsm/.xlsb (ECMA-376 document encryption, MS-OFFCRYPTO 2.3.4): an OLE2 file with an
//!   `EncryptionInfo` and an `EncryptedPackage` stream. "Standard" encryption (AES-ECB, SHA-1
//!   key derivation) and "agile" encryption (AES-CBC, SHA-1/SHA-2/MD5 key derivation, an XML
//!   EncryptionInfo) are opened; the decrypted package is the zip bytes of the workbook.
//!
//! MD5, SHA-1, SHA-2, RC4 and AES come from the RustCrypto crates; they are used only to read,
//! never to protect anything.

use aes::cipher::{consts::U16, Array, BlockCipherDecrypt, BlockModeDecrypt, BlockSizeUser, KeyInit, KeyIvInit};
use md5::Md5;
use quick_xml::events::{BytesStart, Event};
use rc4::{Rc4, StreamCipher};
use sha1::{Digest, Sha1};
use sha2::{Sha256, Sha384, Sha512};

use super::reason::Damage;

const DEFAULT_PASSWORD: &str = "VelvetSweatshop";

/// The password as the key derivations take it: UTF-16LE, no terminator.
fn utf16le(password: &str) -> Vec<u8> {
    password.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn u16_at(data: &[u8], i: usize) -> Option<u16> {
    data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], i: usize) -> Option<u32> {
    data.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

// ---------------------------------------------------------------------------------------------
// Legacy .xls (BIFF8)
// ---------------------------------------------------------------------------------------------

/// What the FilePass record of a workbook stream says about its encryption.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Decrypted with the default password: the stream now reads as a plain workbook.
    Decrypted,
    /// Encrypted with a password of its own.
    Password,
    /// XOR obfuscation with the default password: recognised, not decrypted.
    DefaultXor,
    /// An unknown scheme: whether the default password opens it is not checked.
    Unchecked,
}

/// Records never encrypted (MS-XLS 2.2.10): BOF, FilePass, UsrExcl, FileLock, InterfaceHdr,
/// RRDInfo, RRDHead.
const PLAIN_RECORDS: [u16; 7] = [0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138];

/// A record type calamine skips, given to the FilePass record once the stream is decrypted so
/// that calamine reads it as a plain workbook (same length: every offset stays true).
const NEUTRAL_RECORD: u16 = 0x0160;

/// Finds the FilePass record of the workbook globals and, when the default password opens the
/// file, decrypts `stream` in place. None when the stream has no FilePass record.
pub fn open_with_default_password(stream: &mut [u8]) -> Option<Outcome> {
    let (at, len) = file_pass(stream)?;
    let data = &stream[at + 4..at + 4 + len];
    if data.get(..2) == Some(&[0, 0]) {
        // XOR obfuscation (MS-OFFCRYPTO 2.3.7): key, then the password's 16-bit verifier.
        return Some(match u16_at(data, 4) {
            Some(v) if v == xor_verifier(DEFAULT_PASSWORD.as_bytes()) => Outcome::DefaultXor,
            Some(_) => Outcome::Password,
            None => Outcome::Unchecked,
        });
    }
    let key = match Key::for_default_password(data) {
        Some(Ok(key)) => key,
        Some(Err(())) => return Some(Outcome::Password),
        None => return Some(Outcome::Unchecked),
    };
    decrypt(stream, at + 4 + len, &key);
    stream[at..at + 2].copy_from_slice(&NEUTRAL_RECORD.to_le_bytes());
    Some(Outcome::Decrypted)
}

/// The offset and data length of the FilePass record among the workbook globals.
fn file_pass(stream: &[u8]) -> Option<(usize, usize)> {
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        if pos + 4 + len > stream.len() {
            return None;
        }
        match typ {
            0x002F => return Some((pos, len)),
            0x000A => return None, // the end of the globals
            _ => pos += 4 + len,
        }
    }
    None
}

/// How the key of each 1024-byte block is made.
enum Key {
    /// RC4 encryption (version 1.1): MD5 of the truncated password hash and the block number.
    Md5([u8; 5]),
    /// RC4 CryptoAPI: SHA-1 of the password hash and the block number, `len` bytes of it
    /// (40-bit keys padded with zeros to 128 bits).
    Sha1 { hash: [u8; 20], len: usize },
}

impl Key {
    /// The key for the default password from the FilePass data: None for a scheme not checked,
    /// Err when the default password is not the file's.
    fn for_default_password(data: &[u8]) -> Option<Result<Key, ()>> {
        let password = utf16le(DEFAULT_PASSWORD);
        if u16_at(data, 0)? != 1 {
            return None; // XOR obfuscation
        }
        match (u16_at(data, 2)?, u16_at(data, 4)?) {
            (1, 1) => {
                let salt = data.get(6..22)?;
                let (verifier, hash) = (data.get(22..38)?, data.get(38..54)?);
                let h0 = md5(&password);
                let mut buf = Vec::with_capacity(16 * 21);
                for _ in 0..16 {
                    buf.extend_from_slice(&h0[..5]);
                    buf.extend_from_slice(salt);
                }
                let h1 = md5(&buf);
                let key = Key::Md5(h1[..5].try_into().ok()?);
                let mut plain = [verifier, hash].concat();
                rc4(&key.block(0)).apply_keystream(&mut plain);
                Some(if md5(&plain[..16])[..] == plain[16..32] { Ok(key) } else { Err(()) })
            }
            (2..=4, 2) => {
                // EncryptionHeaderFlags, then the header's size and the header, then the verifier.
                let header_size = u32_at(data, 10)? as usize;
                let header = data.get(14..14 + header_size)?;
                let key_bits = u32_at(header, 16)?;
                let key_len = if key_bits == 0 { 5 } else { (key_bits / 8) as usize };
                let v = 14 + header_size;
                let salt_size = u32_at(data, v)? as usize;
                let salt = data.get(v + 4..v + 4 + salt_size)?;
                let verifier = data.get(v + 4 + salt_size..v + 20 + salt_size)?;
                let hash_size = u32_at(data, v + 20 + salt_size)? as usize;
                let hash = data.get(v + 24 + salt_size..v + 24 + salt_size + hash_size)?;
                if !(5..=16).contains(&key_len) || hash_size != 20 {
                    return None;
                }
                let key = Key::Sha1 { hash: sha1(&[salt, &password].concat()), len: key_len };
                let mut plain = [verifier, hash].concat();
                rc4(&key.block(0)).apply_keystream(&mut plain);
                Some(if sha1(&plain[..16])[..] == plain[16..36] { Ok(key) } else { Err(()) })
            }
            _ => None,
        }
    }

    /// The RC4 key of block `n`.
    fn block(&self, n: u32) -> Vec<u8> {
        match self {
            Key::Md5(h1) => md5(&[&h1[..], &n.to_le_bytes()].concat()).to_vec(),
            Key::Sha1 { hash, len } => {
                let mut key = sha1(&[&hash[..], &n.to_le_bytes()].concat())[..*len].to_vec();
                if *len == 5 {
                    key.resize(16, 0);
                }
                key
            }
        }
    }
}

/// Decrypts every record after the FilePass record (which ends at `from`): the key stream runs
/// over the stream's bytes by their offset, 1024 bytes a block, and is applied to each record's
/// data but not its header, nor to the records that are never encrypted, nor to the first four
/// bytes of a BoundSheet record (the sheet's offset).
fn decrypt(stream: &mut [u8], from: usize, key: &Key) {
    let mut keys = KeyStream { key, block: None, bytes: [0; 1024] };
    let mut pos = from;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        let data = pos + 4;
        let end = (data + len).min(stream.len());
        if !PLAIN_RECORDS.contains(&typ) {
            let first = if typ == 0x0085 { data + 4 } else { data };
            for (i, b) in stream.iter_mut().enumerate().take(end).skip(first) {
                *b ^= keys.byte_at(i);
            }
        }
        pos = data + len;
    }
}

/// The key stream at any offset of the workbook stream: each 1024-byte block has its own RC4
/// key, and its key stream is made once, when the first of its bytes is asked for.
struct KeyStream<'a> {
    key: &'a Key,
    /// The block whose key stream `bytes` holds.
    block: Option<u32>,
    bytes: [u8; 1024],
}

impl KeyStream<'_> {
    fn byte_at(&mut self, offset: usize) -> u8 {
        let block = (offset / 1024) as u32;
        if self.block != Some(block) {
            self.bytes = [0; 1024];
            rc4(&self.key.block(block)).apply_keystream(&mut self.bytes);
            self.block = Some(block);
        }
        self.bytes[offset % 1024]
    }
}

/// The 16-bit password verifier of XOR obfuscation (MS-OFFCRYPTO 2.3.7.1,
/// CreatePasswordVerifier_Method1): the password's length and bytes, from the last, each shifted
/// into a 15-bit rotation.
fn xor_verifier(password: &[u8]) -> u16 {
    let mut bytes = vec![password.len() as u8];
    bytes.extend_from_slice(password);
    let mut v: u16 = 0;
    for &b in bytes.iter().rev() {
        let high = u16::from(v & 0x4000 != 0);
        v = (((v << 1) & 0x7FFF) | high) ^ u16::from(b);
    }
    v ^ 0xCE4B
}

fn md5(message: &[u8]) -> [u8; 16] {
    Md5::digest(message).into()
}

fn sha1(message: &[u8]) -> [u8; 20] {
    Sha1::digest(message).into()
}

/// RC4 keyed with `key` (the keys here are 5 to 16 bytes; RC4 takes 1 to 256).
fn rc4(key: &[u8]) -> Rc4 {
    Rc4::new_from_slice(key).expect("an RC4 key of 1 to 256 bytes")
}

// ---------------------------------------------------------------------------------------------
// Encrypted OOXML packages (ECMA-376 document encryption)
// ---------------------------------------------------------------------------------------------

/// What Excel's default password does to an encrypted OOXML package.
#[derive(Debug, PartialEq, Eq)]
pub enum Package {
    /// Opened with the default password: the package's zip bytes (an .xlsx, .xlsm or .xlsb
    /// inside: which, only its parts say).
    Decrypted(Vec<u8>),
    /// Encrypted with a password of its own: the password verifier does not take the default.
    Password,
    /// An encryption whose password tongji cannot check: rights management (no EncryptionInfo),
    /// extensible encryption, a cipher other than AES (RC2, DES, 3DES), CFB chaining, a key
    /// encrypted for a certificate only, or an unknown version.
    Unchecked,
    /// EncryptionInfo or EncryptedPackage (or the container) is damaged: what is wrong, in
    /// Chinese.
    Damaged(Damage),
}

/// The verifier and key blocks of agile encryption (MS-OFFCRYPTO 2.3.4.13).
const VERIFIER_INPUT_BLOCK: [u8; 8] = [0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79];
const VERIFIER_VALUE_BLOCK: [u8; 8] = [0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e];
const KEY_VALUE_BLOCK: [u8; 8] = [0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6];

/// The iterations of standard encryption's key derivation (MS-OFFCRYPTO 2.3.4.7).
const STANDARD_SPIN: u32 = 50_000;
/// The most iterations agile encryption allows (MS-OFFCRYPTO 2.3.4.10): a file asking for more
/// is refused rather than hashed for minutes.
const MAX_SPIN: u32 = 10_000_000;
/// The most iterations tongji hashes to try the default password: Excel and the usual writers use
/// 100,000; a file asking for more (within the spec) is said to be uncheckable rather than let
/// one input hold the run for seconds.
const MOST_SPIN_TRIED: u32 = 1_000_000;
/// Agile encryption encrypts the package in segments of this many bytes, each with its own IV.
const SEGMENT: usize = 4096;

/// Opens an encrypted OOXML package (an OLE2 file holding an `EncryptedPackage` stream) with
/// Excel's default password. None when the OLE2 file is no encrypted package: it holds no
/// `EncryptedPackage` stream, or it holds a workbook stream too (an .xls with an encrypted
/// document embedded in it): read it as an .xls.
///
/// The password verifier of EncryptionInfo is checked first: a file with a password of its own
/// is [`Package::Password`], never decrypted. The package's bytes are held twice at most (the
/// stream as read, decrypted in place), so memory stays within twice the file's size.
pub fn open_package_with_default_password(file: &[u8]) -> Option<Package> {
    // A container that cannot be walked is no package tongji can open: the .xls reader, which
    // walks it again, says what is wrong with it, in its own words.
    let container = super::ole::Compound::open(file).ok()?;
    if container.has_stream("Workbook") || container.has_stream("Book") {
        return None;
    }
    // The file's own streams, under its root: never an embedded object's.
    let package = match container.root_stream("EncryptedPackage") {
        Ok(Some(p)) => p,
        Ok(None) => return None,
        Err(why) => return Some(Package::Damaged(why)),
    };
    Some(match container.root_stream("EncryptionInfo") {
        Ok(Some(info)) => decrypt_package(&info, package, DEFAULT_PASSWORD),
        // Rights management (IRM) keeps its keys on a server and writes no EncryptionInfo.
        Ok(None) => Package::Unchecked,
        Err(why) => Package::Damaged(why),
    })
}

/// Decrypts `package` (the EncryptedPackage stream) with `password`, as `info` (the
/// EncryptionInfo stream) says, once its verifier has taken the password.
fn decrypt_package(info: &[u8], package: Vec<u8>, password: &str) -> Package {
    let password = utf16le(password);
    let scheme = match (u16_at(info, 0), u16_at(info, 2)) {
        (Some(2..=4), Some(2)) => Standard::parse(info).map(|s| s.map(Scheme::Standard)),
        (Some(4), Some(4)) => Agile::parse(info).map(|a| a.map(Scheme::Agile)),
        (None, _) | (_, None) => Err("加密信息（EncryptionInfo）不完整".into()),
        // 3.3 and 4.3: extensible encryption, with a third-party provider.
        _ => Ok(None),
    };
    let scheme = match scheme {
        Ok(Some(s)) => s,
        Ok(None) => return Package::Unchecked,
        Err(why) => return Package::Damaged(why),
    };
    let decrypted = match &scheme {
        Scheme::Standard(s) => match s.key(&password) {
            Some(key) => s.decrypt(&key, package),
            None => return Package::Password,
        },
        Scheme::Agile(a) => match a.key(&password) {
            Ok(Some(key)) => a.decrypt(&key, package),
            Ok(None) => return Package::Password,
            Err(why) => return Package::Damaged(why),
        },
    };
    match decrypted {
        Ok(zip) if zip.starts_with(b"PK\x03\x04") => Package::Decrypted(zip),
        Ok(_) => Package::Damaged("解密后的内容不是zip压缩包".into()),
        Err(why) => Package::Damaged(why),
    }
}

enum Scheme {
    Standard(Standard),
    Agile(Agile),
}

/// Standard encryption (MS-OFFCRYPTO 2.3.4.5, 2.3.4.7–2.3.4.9): AES-ECB with a key derived
/// from the password by 50,000 rounds of SHA-1.
struct Standard {
    key_len: usize,
    salt: Vec<u8>,
    verifier: [u8; 16],
    verifier_hash: [u8; 32],
}

impl Standard {
    /// The header and verifier of a standard EncryptionInfo: None for a scheme other than
    /// CryptoAPI AES with SHA-1.
    fn parse(info: &[u8]) -> Result<Option<Standard>, Damage> {
        let short = || "加密信息（EncryptionInfo）不完整".to_string();
        const CRYPTO_API: u32 = 0x04;
        const EXTERNAL: u32 = 0x10;
        const AES: u32 = 0x20;
        let flags = u32_at(info, 4).ok_or_else(short)?;
        if flags & EXTERNAL != 0 || flags & (CRYPTO_API | AES) != CRYPTO_API | AES {
            return Ok(None);
        }
        let header_size = u32_at(info, 8).ok_or_else(short)? as usize;
        let header = info.get(12..12usize.saturating_add(header_size)).ok_or_else(short)?;
        // EncryptionHeader: Flags, SizeExtra, AlgID, AlgIDHash, KeySize (bits), ...
        let (alg, alg_hash, key_bits) = (
            u32_at(header, 8).ok_or_else(short)?,
            u32_at(header, 12).ok_or_else(short)?,
            u32_at(header, 16).ok_or_else(short)?,
        );
        // AES-128, -192, -256 (0: AES-128, as the fAES flag says); SHA-1 (0: SHA-1).
        if !matches!(alg, 0 | 0x660E | 0x660F | 0x6610) || !matches!(alg_hash, 0 | 0x8004) {
            return Ok(None);
        }
        let key_len = match key_bits {
            128 | 192 | 256 => key_bits as usize / 8,
            _ => return Ok(None),
        };
        // EncryptionVerifier: SaltSize (16), Salt, EncryptedVerifier (16 bytes),
        // VerifierHashSize (20), EncryptedVerifierHash (32 bytes: the SHA-1 hash padded to
        // AES blocks).
        let v = 12 + header_size;
        if u32_at(info, v).ok_or_else(short)? != 16 {
            return Err("加密信息中的盐值长度不是16字节".into());
        }
        let salt = info.get(v + 4..v + 20).ok_or_else(short)?.to_vec();
        let verifier = info.get(v + 20..v + 36).ok_or_else(short)?.try_into().map_err(|_| short())?;
        if u32_at(info, v + 36).ok_or_else(short)? != 20 {
            return Ok(None);
        }
        let verifier_hash = info.get(v + 40..v + 72).ok_or_else(short)?.try_into().map_err(|_| short())?;
        Ok(Some(Standard { key_len, salt, verifier, verifier_hash }))
    }

    /// The AES key for `password` (UTF-16LE) when the verifier takes it.
    fn key(&self, password: &[u8]) -> Option<Vec<u8>> {
        let h = spin::<Sha1>(&self.salt, password, STANDARD_SPIN);
        let h_final = Sha1::new().chain_update(h).chain_update(0u32.to_le_bytes()).finalize();
        // The hash is stretched to the key's length by the two halves of an HMAC-like step.
        let (mut inner, mut outer) = ([0x36u8; 64], [0x5Cu8; 64]);
        for (i, b) in h_final.iter().enumerate() {
            inner[i] ^= b;
            outer[i] ^= b;
        }
        let mut key = Sha1::digest(inner).to_vec();
        key.extend_from_slice(&Sha1::digest(outer));
        key.truncate(self.key_len);

        let (mut verifier, mut hash) = (self.verifier, self.verifier_hash);
        aes_decrypt(&key, None, &mut verifier)?;
        aes_decrypt(&key, None, &mut hash)?;
        (Sha1::digest(verifier)[..] == hash[..20]).then_some(key)
    }

    /// The package decrypted with `key`: AES-ECB over the whole of it.
    fn decrypt(&self, key: &[u8], package: Vec<u8>) -> Result<Vec<u8>, Damage> {
        decrypt_stream(package, |data| aes_decrypt(key, None, data).ok_or_else(|| "密钥长度不合理".into()))
    }
}

/// Agile encryption (MS-OFFCRYPTO 2.3.4.10–2.3.4.15): the package encrypted with a random key
/// (AES-CBC, 4096-byte segments), that key encrypted with one derived from the password.
struct Agile {
    /// keyData: how the package is encrypted.
    data: Params,
    /// The password key encryptor: how the key is derived and encrypted.
    password: Params,
    spin: u32,
    verifier_input: Vec<u8>,
    verifier_value: Vec<u8>,
    key_value: Vec<u8>,
}

/// The cipher parameters of agile encryption's keyData or of its password key encryptor.
struct Params {
    salt: Vec<u8>,
    hash: Hash,
    key_len: usize,
}

impl Agile {
    /// The XML of an agile EncryptionInfo: None when tongji cannot check it (no password key
    /// encryptor, a cipher other than AES-CBC, a hash other than MD5, SHA-1 or SHA-2).
    fn parse(info: &[u8]) -> Result<Option<Agile>, Damage> {
        let unparsed = || "加密信息（EncryptionInfo）的XML无法解析".to_string();
        let xml = info.get(8..).ok_or_else(unparsed)?;
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let (mut key_data, mut encryptor) = (None, None);
        loop {
            match reader.read_event_into(&mut buf).map_err(|_| unparsed())? {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "keyData" => key_data = Some(attributes(&e)),
                    // The password's key encryptor (a certificate's has other attributes).
                    "encryptedKey" if encryptor.is_none() => {
                        let attrs = attributes(&e);
                        if attrs.iter().any(|(k, _)| k == "encryptedVerifierHashInput") {
                            encryptor = Some(attrs);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        let key_data = key_data.ok_or("加密信息中没有keyData")?;
        let Some(encryptor) = encryptor else { return Ok(None) };
        let (Some(data), Some(password)) = (Params::parse(&key_data)?, Params::parse(&encryptor)?) else {
            return Ok(None);
        };
        let spin: u32 =
            attribute(&encryptor, "spinCount")?.parse().map_err(|_| "加密信息中的spinCount无效".to_string())?;
        if spin > MAX_SPIN {
            return Err(Damage(format!("加密信息的迭代次数{spin}超出规范上限{MAX_SPIN}")));
        }
        if spin > MOST_SPIN_TRIED {
            return Ok(None);
        }
        Ok(Some(Agile {
            data,
            password,
            spin,
            verifier_input: base64(attribute(&encryptor, "encryptedVerifierHashInput")?)?,
            verifier_value: base64(attribute(&encryptor, "encryptedVerifierHashValue")?)?,
            key_value: base64(attribute(&encryptor, "encryptedKeyValue")?)?,
        }))
    }

    /// The package's key, decrypted with the key derived from `password` (UTF-16LE), when the
    /// verifier takes the password; Err when the encrypted values are not whole AES blocks.
    fn key(&self, password: &[u8]) -> Result<Option<Vec<u8>>, Damage> {
        let p = &self.password;
        let h = p.hash.spin(&p.salt, password, self.spin);
        let key_for = |block: &[u8]| fit(p.hash.digest(&[&h, block]), p.key_len);
        let iv = fit(p.salt.clone(), 16);
        let decrypted = |block: &[u8], value: &[u8]| -> Result<Vec<u8>, Damage> {
            let mut value = value.to_vec();
            aes_decrypt(&key_for(block), Some(&iv), &mut value).ok_or("加密信息中的密文长度不合理")?;
            Ok(value)
        };
        let input = decrypted(&VERIFIER_INPUT_BLOCK, &self.verifier_input)?;
        let value = decrypted(&VERIFIER_VALUE_BLOCK, &self.verifier_value)?;
        let expected = p.hash.digest(&[input.get(..p.salt.len()).unwrap_or(&input)]);
        if value.get(..expected.len()) != Some(&expected[..]) {
            return Ok(None);
        }
        let key = decrypted(&KEY_VALUE_BLOCK, &self.key_value)?;
        key.get(..self.data.key_len).map(|k| Some(k.to_vec())).ok_or_else(|| "加密信息中的密钥不完整".into())
    }

    /// The package decrypted with `key`: AES-CBC, each 4096-byte segment with the IV made from
    /// keyData's salt and the segment's number.
    fn decrypt(&self, key: &[u8], package: Vec<u8>) -> Result<Vec<u8>, Damage> {
        let d = &self.data;
        decrypt_stream(package, |data| {
            for (i, segment) in data.chunks_mut(SEGMENT).enumerate() {
                let iv = fit(d.hash.digest(&[&d.salt, &(i as u32).to_le_bytes()]), 16);
                aes_decrypt(key, Some(&iv), segment).ok_or("密钥长度不合理")?;
            }
            Ok(())
        })
    }
}

impl Params {
    /// The salt, hash and key length of keyData or a key encryptor: None for a cipher other
    /// than AES-CBC or a hash tongji does not have.
    fn parse(attrs: &[(String, String)]) -> Result<Option<Params>, Damage> {
        let cipher = attribute(attrs, "cipherAlgorithm")?;
        let chaining = attribute(attrs, "cipherChaining")?;
        let Some(hash) = Hash::named(attribute(attrs, "hashAlgorithm")?) else { return Ok(None) };
        if cipher != "AES" || chaining != "ChainingModeCBC" || attribute(attrs, "blockSize")? != "16" {
            return Ok(None);
        }
        let key_len = match attribute(attrs, "keyBits")? {
            "128" => 16,
            "192" => 24,
            "256" => 32,
            _ => return Ok(None),
        };
        let salt = base64(attribute(attrs, "saltValue")?)?;
        if salt.is_empty() {
            return Err("加密信息中的盐值为空".into());
        }
        Ok(Some(Params { salt, hash, key_len }))
    }
}

/// The attributes of an element, by local name.
fn attributes(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_string();
            (key, a.value.to_string())
        })
        .collect()
}

fn attribute<'a>(attrs: &'a [(String, String)], name: &str) -> Result<&'a str, Damage> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).ok_or_else(|| Damage(format!("加密信息中缺少{name}")))
}

fn base64(text: &str) -> Result<Vec<u8>, Damage> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).map_err(|_| "加密信息中的Base64数据无法解码".into())
}

/// `bytes` cut or padded (with 0x36) to `len` bytes, as agile encryption fits hashes to keys
/// and IVs.
fn fit(mut bytes: Vec<u8>, len: usize) -> Vec<u8> {
    bytes.resize(len, 0x36);
    bytes
}

/// The hash algorithms of agile encryption that tongji has.
#[derive(Clone, Copy)]
enum Hash {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn named(name: &str) -> Option<Hash> {
        Some(match name {
            "MD5" => Hash::Md5,
            "SHA1" | "SHA-1" => Hash::Sha1,
            "SHA256" => Hash::Sha256,
            "SHA384" => Hash::Sha384,
            "SHA512" => Hash::Sha512,
            _ => return None,
        })
    }

    /// The hash of `parts` one after another.
    fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            Hash::Md5 => run::<Md5>(parts),
            Hash::Sha1 => run::<Sha1>(parts),
            Hash::Sha256 => run::<Sha256>(parts),
            Hash::Sha384 => run::<Sha384>(parts),
            Hash::Sha512 => run::<Sha512>(parts),
        }
    }

    fn spin(self, salt: &[u8], password: &[u8], count: u32) -> Vec<u8> {
        match self {
            Hash::Md5 => spin::<Md5>(salt, password, count).to_vec(),
            Hash::Sha1 => spin::<Sha1>(salt, password, count).to_vec(),
            Hash::Sha256 => spin::<Sha256>(salt, password, count).to_vec(),
            Hash::Sha384 => spin::<Sha384>(salt, password, count).to_vec(),
            Hash::Sha512 => spin::<Sha512>(salt, password, count).to_vec(),
        }
    }
}

/// The password hash of ECMA-376 encryption (MS-OFFCRYPTO 2.3.4.7 and 2.3.4.11): H(salt +
/// password), then `count` times H(iterator + previous hash), the iterator a 32-bit
/// little-endian number from 0.
fn spin<D: Digest>(salt: &[u8], password: &[u8], count: u32) -> sha1::digest::Output<D> {
    let mut h = D::new().chain_update(salt).chain_update(password).finalize();
    for i in 0..count {
        h = D::new().chain_update(i.to_le_bytes()).chain_update(&h).finalize();
    }
    h
}

/// An EncryptedPackage stream decrypted by `decrypt`: its first 8 bytes give the package's size
/// (little-endian); the encrypted bytes after them, in whole AES blocks, hold at least that
/// many. Decrypted in place; the package's bytes are returned.
fn decrypt_stream(
    mut package: Vec<u8>,
    decrypt: impl FnOnce(&mut [u8]) -> Result<(), Damage>,
) -> Result<Vec<u8>, Damage> {
    let size = package.get(..8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
    let size = size.ok_or("加密数据（EncryptedPackage）不完整")?;
    let have = package.len() - 8;
    let size = usize::try_from(size).ok().filter(|s| *s <= have);
    let Some(size) = size else {
        return Err(Damage(format!("加密数据（EncryptedPackage）声明的大小超出实有的{have}字节（文件不完整）")));
    };
    let blocks = size.div_ceil(16) * 16;
    if blocks > have {
        return Err(Damage(format!("加密数据（EncryptedPackage）应有{blocks}字节，只有{have}字节（文件不完整）")));
    }
    decrypt(&mut package[8..8 + blocks])?;
    package.copy_within(8..8 + size, 0);
    package.truncate(size);
    Ok(package)
}

/// Decrypts `data` in place with AES (the key's length says which), CBC from `iv` or, without
/// one, ECB. None for a key that is not 16, 24 or 32 bytes, an IV that is not 16 bytes, or data
/// that is not whole blocks.
fn aes_decrypt(key: &[u8], iv: Option<&[u8]>, data: &mut [u8]) -> Option<()> {
    fn run<C>(key: &[u8], iv: Option<&[u8]>, data: &mut [u8]) -> Option<()>
    where
        C: BlockCipherDecrypt + BlockSizeUser<BlockSize = U16> + KeyInit,
    {
        let (blocks, rest) = Array::<u8, U16>::slice_as_chunks_mut(data);
        if !rest.is_empty() {
            return None;
        }
        match iv {
            None => C::new_from_slice(key).ok()?.decrypt_blocks(blocks),
            Some(iv) => cbc::Decryptor::<C>::new_from_slices(key, iv).ok()?.decrypt_blocks(blocks),
        }
        Some(())
    }
    match key.len() {
        16 => run::<aes::Aes128>(key, iv, data),
        24 => run::<aes::Aes192>(key, iv, data),
        32 => run::<aes::Aes256>(key, iv, data),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn the_xor_verifier_is_the_one_in_the_file() {
        // POI's xor-encryption-abc.xls: password "abc"; its FilePass holds the verifier.
        let mut stream = super::super::ole::workbook_stream(&fixture("external/xor-encryption-abc.xls")).unwrap();
        let (at, _) = file_pass(&stream).unwrap();
        let verifier = u16::from_le_bytes([stream[at + 8], stream[at + 9]]);
        assert_eq!(verifier, xor_verifier(b"abc"));
        assert_ne!(verifier, xor_verifier(DEFAULT_PASSWORD.as_bytes()));
        assert_eq!(open_with_default_password(&mut stream), Some(Outcome::Password));
    }

    /// The crates are wired as the schemes need them: MD5, SHA-1 and RC4 give their published
    /// test vectors through the helpers used here.
    #[test]
    fn md5_sha1_and_rc4_match_their_published_vectors() {
        // RFC 1321 appendix A.5.
        assert_eq!(hex(&md5(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(&md5(b"abc")), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            hex(&md5(b"12345678901234567890123456789012345678901234567890123456789012345678901234567890")),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
        // FIPS 180 examples.
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(
            hex(&sha1(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        // The RC4 examples of its Wikipedia page (from the original posting).
        let mut p = b"Plaintext".to_vec();
        rc4(b"Key").apply_keystream(&mut p);
        assert_eq!(hex(&p), "bbf316e8d940af0ad3");
        let mut p = b"Attack at dawn".to_vec();
        rc4(b"Secret").apply_keystream(&mut p);
        assert_eq!(hex(&p), "45a01f645fc35b383552544b9bf5");
    }

    /// RC4 (MD5 keys) and RC4 CryptoAPI (SHA-1 keys) .xls files with the default password are
    /// decrypted to workbooks calamine reads (the cells PhpSpreadsheet's and ExcelDataReader's
    /// tests read); those with passwords of their own are named.
    #[test]
    fn default_password_xls_files_are_decrypted() {
        use calamine::{Data, Reader, Xls};
        for path in ["external/pwtest.xls", "external/pwtest3.xls", "external/protectedsheet-xxx.xls"] {
            let mut stream = super::super::ole::workbook_stream(&fixture(path)).unwrap();
            assert_eq!(open_with_default_password(&mut stream), Some(Outcome::Decrypted), "{path}");
            let container = super::super::ole::container(&stream);
            let mut wb = Xls::new(std::io::Cursor::new(container)).unwrap();
            let first = wb.worksheet_range_at(0).unwrap().unwrap();
            assert_eq!(first.get_value((0, 0)), Some(&Data::String("x".into())), "{path}");
        }
        for path in ["external/pwtest2.xls", "external/rc4-password_2002_128_strong.xls"] {
            let mut stream = super::super::ole::workbook_stream(&fixture(path)).unwrap();
            let before = stream.clone();
            assert_eq!(open_with_default_password(&mut stream), Some(Outcome::Password), "{path}");
            assert!(stream == before, "{path}: left as it was");
        }
    }

    /// The AES and SHA-2 wiring: the FIPS 197 appendix C vectors (ECB, one block, each key
    /// length), the NIST SP 800-38A F.2.2 CBC vector, and the FIPS 180 "abc" digests.
    #[test]
    fn aes_and_sha2_match_their_published_vectors() {
        let unhex = |s: &str| -> Vec<u8> {
            (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
        };
        let key = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        for (len, cipher) in [
            (16, "69c4e0d86a7b0430d8cdb78070b4c55a"),
            (24, "dda97ca4864cdfe06eaf70a0ec0d7191"),
            (32, "8ea2b7ca516745bfeafc49904b496089"),
        ] {
            let mut block = unhex(cipher);
            aes_decrypt(&key[..len], None, &mut block).unwrap();
            assert_eq!(hex(&block), "00112233445566778899aabbccddeeff", "AES-{}", len * 8);
        }
        let mut data = unhex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
        let iv = unhex("000102030405060708090a0b0c0d0e0f");
        aes_decrypt(&unhex("2b7e151628aed2a6abf7158809cf4f3c"), Some(&iv), &mut data).unwrap();
        assert_eq!(hex(&data), "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        assert_eq!(aes_decrypt(&key[..16], None, &mut [0; 15]), None, "not whole blocks");
        assert_eq!(aes_decrypt(&key[..20], None, &mut [0; 16]), None, "no AES key length");

        assert_eq!(
            hex(&Hash::Sha256.digest(&[b"a", b"bc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&Hash::Sha384.digest(&[b"abc"])),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        );
        assert_eq!(
            hex(&Hash::Sha512.digest(&[b"abc"])),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
        assert_eq!(hex(&Hash::Md5.digest(&[b"abc"])), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(hex(&Hash::Sha1.digest(&[b"ab", b"c"])), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    /// The EncryptionInfo and EncryptedPackage streams of an encrypted OOXML fixture.
    fn streams(path: &str) -> (Vec<u8>, Vec<u8>) {
        let bytes = fixture(path);
        let file = super::super::ole::Compound::open(&bytes).unwrap();
        (file.root_stream("EncryptionInfo").unwrap().unwrap(), file.root_stream("EncryptedPackage").unwrap().unwrap())
    }

    fn sha256(b: &[u8]) -> String {
        hex(&Hash::Sha256.digest(&[b]))
    }

    /// Files encrypted with Excel's default password are decrypted to the very bytes
    /// msoffcrypto-tool decrypts them to (their SHA-256 here).
    #[test]
    fn the_default_password_opens_standard_and_agile_packages() {
        for (path, sha) in [
            // Standard encryption, version 3.2 and 4.2, AES-128.
            ("external/protect.xlsx", "d0cb0996f2dad255e9fe914675419286f049cbd933dd70f51074ed4f32aba42e"),
            ("external/58616.xlsx", "2f5bc342ad84b8c49f53f1417d541f336cdf398e49c7d6725602108573cf560b"),
            // Agile encryption (msoffcrypto-tool's: AES-256, SHA-512).
            (
                "encrypted/default_password_agile.xlsx",
                "63116bf6e58ae667df0f3b3a066efa9a75f4b99c3cba71b4a6dc132722ae8814",
            ),
        ] {
            let package = open_package_with_default_password(&fixture(path)).unwrap();
            let Package::Decrypted(zip) = package else { panic!("{path}: {package:?}") };
            assert_eq!(sha256(&zip), sha, "{path}");
        }
    }

    /// With the right password the same code decrypts files of other passwords: every
    /// algorithm tongji takes, checked against msoffcrypto-tool's output.
    #[test]
    fn other_schemes_decrypt_with_their_own_passwords() {
        for (path, password, sha) in [
            (
                "external/protected_passtika.xlsx",
                "tika",
                "2bf260af678ac1b93b5dc618e0892aff98062f4566b3b6f5f3c9cba4e02b8d68",
            ),
            (
                "external/protected_passtika.xlsb",
                "tika",
                "abed0581098be94d23d596cc50aa67043f911d749edb9290348f5fc8eb1e1c03",
            ),
            (
                "external/protected_sha512.xlsx",
                "this is a test",
                "57e6892ba449ce51749df42210b396435000a2fea8215314912219e015318775",
            ),
            (
                "external/60320-protected.xlsx",
                "Test001!!",
                "8ef5a3932a63ce7065114e38563535651d83bd398888a94bbce208f30ef26afc",
            ),
            (
                "external/standard_AES256_SHA1_ECB_pwd_password.xlsx",
                "password",
                "e53488d783046be5efbafc47db52fbecddf28664d7387a6537b22e25bb3c2c6b",
            ),
        ] {
            let (info, package) = streams(path);
            let got = decrypt_package(&info, package, password);
            let Package::Decrypted(zip) = got else { panic!("{path}: {got:?}") };
            assert_eq!(sha256(&zip), sha, "{path}");
        }
    }

    /// The decrypted packages are workbooks calamine opens, among them the fixtures
    /// msoffcrypto-tool could not decrypt (MD5 and AES-192 agile: ExcelDataReader's test reads
    /// "Password: password" in A1 of each).
    #[test]
    fn decrypted_packages_open_in_calamine() {
        use calamine::{Data, Reader, Xlsb, Xlsx};
        use std::io::Cursor;
        for (path, password, a1) in [
            ("external/protect.xlsx", DEFAULT_PASSWORD, None),
            ("external/58616.xlsx", DEFAULT_PASSWORD, None),
            ("encrypted/default_password_agile.xlsx", DEFAULT_PASSWORD, Some("x")),
            ("external/agile_AES128_MD5_CBC_pwd_password.xlsx", "password", Some("Password: password")),
            ("external/agile_AES192_SHA512_CBC_pwd_password.xlsx", "password", Some("Password: password")),
            ("external/protected_passtika.xlsb", "tika", Some("You can't see me")),
            // Made by scripts/make_fixtures.py with a random salt: no fixed bytes to compare.
            ("broken/password.xlsx", "1234", None),
        ] {
            let (info, package) = streams(path);
            let Package::Decrypted(zip) = decrypt_package(&info, package, password) else { panic!("{path}") };
            let first = if path.ends_with(".xlsb") {
                let mut wb = Xlsb::new(Cursor::new(zip)).unwrap();
                wb.worksheet_range_at(0).unwrap().unwrap()
            } else {
                let mut wb = Xlsx::new(Cursor::new(zip)).unwrap();
                wb.worksheet_range_at(0).unwrap().unwrap()
            };
            assert!(first.used_cells().count() > 0, "{path}");
            if let Some(a1) = a1 {
                assert_eq!(first.get_value((0, 0)), Some(&Data::String(a1.into())), "{path}");
            }
        }
    }

    /// A file with a password of its own is named as such by its verifier, standard or agile.
    #[test]
    fn a_password_of_its_own_is_named() {
        for path in [
            "external/protected_passtika.xlsx",
            "external/protected_passtika.xlsb",
            "external/protected_sha512.xlsx",
            "external/60320-protected.xlsx",
            "external/standard_AES256_SHA1_ECB_pwd_password.xlsx",
            "external/agile_AES128_MD5_CBC_pwd_password.xlsx",
            "external/agile_AES192_SHA512_CBC_pwd_password.xlsx",
            "broken/password.xlsx",
        ] {
            assert_eq!(open_package_with_default_password(&fixture(path)), Some(Package::Password), "{path}");
        }
    }

    /// Ciphers tongji does not have: whether the default password opens them is not checked.
    #[test]
    fn other_ciphers_are_unchecked() {
        for path in
            ["external/agile_RC2_SHA1_CBC_pwd_password.xlsx", "external/agile_DESede_SHA384_CBC_pwd_password.xlsx"]
        {
            assert_eq!(open_package_with_default_password(&fixture(path)), Some(Package::Unchecked), "{path}");
        }
        // An .xls has no EncryptedPackage: not a package at all.
        assert_eq!(open_package_with_default_password(&fixture("external/pwtest.xls")), None);
        // Nor is an OLE2 file with a workbook stream beside one (an .xls with an encrypted
        // document embedded): protect.xlsx with its EncryptionInfo renamed "Workbook".
        let mut bytes = fixture("external/protect.xlsx");
        let name: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let at = bytes.windows(name.len()).position(|w| w == name).unwrap();
        let workbook: Vec<u8> = "Workbook\0".encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes[at..at + name.len()].fill(0);
        bytes[at..at + workbook.len()].copy_from_slice(&workbook);
        bytes[at + 0x40..at + 0x42].copy_from_slice(&(workbook.len() as u16).to_le_bytes());
        assert_eq!(open_package_with_default_password(&bytes), None);
    }

    /// Damaged streams are said to be damaged, never decrypted past their ends.
    #[test]
    fn damaged_packages_are_named_as_damaged() {
        let damaged = |p: Package| matches!(p, Package::Damaged(_));
        let (info, package) = streams("external/protect.xlsx");
        // Cut short: the package says it is longer than it is.
        let cut = package[..package.len() / 2].to_vec();
        assert!(damaged(decrypt_package(&info, cut, DEFAULT_PASSWORD)));
        assert!(damaged(decrypt_package(&info, package[..5].to_vec(), DEFAULT_PASSWORD)));
        assert!(damaged(decrypt_package(&info[..40], package.clone(), DEFAULT_PASSWORD)));
        // The size of a package beyond any memory.
        let mut huge = package.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(damaged(decrypt_package(&info, huge, DEFAULT_PASSWORD)));
        // Agile: XML that does not parse, a spin count past the specification's limit.
        let (info, package) = streams("encrypted/default_password_agile.xlsx");
        let mut bad = info[..8].to_vec();
        bad.extend_from_slice(b"<encryption><keyData saltValue=\"");
        assert!(damaged(decrypt_package(&bad, package.clone(), DEFAULT_PASSWORD)));
        let xml =
            String::from_utf8(info[8..].to_vec()).unwrap().replace("spinCount=\"100000\"", "spinCount=\"4000000000\"");
        let mut spun = info[..8].to_vec();
        spun.extend_from_slice(xml.as_bytes());
        assert!(damaged(decrypt_package(&spun, package.clone(), DEFAULT_PASSWORD)));
        // A wrong key that the verifier took anyway would give no zip: said, not passed on.
        let mut garbled = package;
        for b in &mut garbled[8..24] {
            *b ^= 0xFF;
        }
        assert_eq!(
            decrypt_package(&info, garbled, DEFAULT_PASSWORD),
            Package::Damaged("解密后的内容不是zip压缩包".into())
        );
        // Rights management and extensible encryption: not checked.
        let mut extensible = info[..8].to_vec();
        extensible[2] = 3;
        assert_eq!(decrypt_package(&extensible, vec![0; 8], DEFAULT_PASSWORD), Package::Unchecked);
    }
}
