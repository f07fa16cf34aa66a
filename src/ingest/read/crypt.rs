//! Legacy .xls encryption with Excel's default password. Excel encrypts a workbook that has
//! only a password to modify, or a protected structure, with the built-in password
//! "VelvetSweatshop" and opens it without asking; calamine refuses every encrypted .xls. For the
//! two RC4 schemes of BIFF8 (MS-OFFCRYPTO 2.3.6 "RC4 encryption" and 2.3.5 "RC4 CryptoAPI"),
//! this checks whether the default password opens the file and, when it does, decrypts the
//! workbook stream in place for calamine. A file with a password of its own stays refused.
//! (No maintained Rust crate reads encrypted .xls; MD5, SHA-1 and RC4 are written here, checked
//! against their published test vectors, and used only to read, never to protect anything.)

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

const DEFAULT_PASSWORD: &str = "VelvetSweatshop";

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
        let verifier = data.get(4..6).map(|b| u16::from_le_bytes([b[0], b[1]]));
        return Some(match verifier {
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
        let password: Vec<u8> = DEFAULT_PASSWORD.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let u16_at = |i: usize| data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let u32_at = |i: usize| data.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        if u16_at(0)? != 1 {
            return None; // XOR obfuscation
        }
        match (u16_at(2)?, u16_at(4)?) {
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
                let mut rc4 = Rc4::new(&key.block(0));
                let mut plain = [verifier, hash].concat();
                rc4.apply(&mut plain);
                Some(if md5(&plain[..16])[..] == plain[16..32] { Ok(key) } else { Err(()) })
            }
            (2..=4, 2) => {
                // EncryptionHeaderFlags, then the header's size and the header, then the verifier.
                let header_size = u32_at(10)? as usize;
                let header = data.get(14..14 + header_size)?;
                let key_bits = u32::from_le_bytes(header.get(16..20)?.try_into().ok()?);
                let key_len = if key_bits == 0 { 5 } else { (key_bits / 8) as usize };
                let v = 14 + header_size;
                let salt_size = u32_at(v)? as usize;
                let salt = data.get(v + 4..v + 4 + salt_size)?;
                let verifier = data.get(v + 4 + salt_size..v + 20 + salt_size)?;
                let hash_size = u32_at(v + 20 + salt_size)? as usize;
                let hash = data.get(v + 24 + salt_size..v + 24 + salt_size + hash_size)?;
                if !(5..=16).contains(&key_len) || hash_size != 20 {
                    return None;
                }
                let key = Key::Sha1 { hash: sha1(&[salt, &password].concat()), len: key_len };
                let mut rc4 = Rc4::new(&key.block(0));
                let mut plain = [verifier, hash].concat();
                rc4.apply(&mut plain);
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
    let mut keys = KeyStream { key, block: u32::MAX, rc4: Rc4::new(&[0]), at: 0 };
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

/// The key stream at any offset of the workbook stream.
struct KeyStream<'a> {
    key: &'a Key,
    block: u32,
    rc4: Rc4,
    /// The offset the next byte of `rc4` belongs to.
    at: usize,
}

impl KeyStream<'_> {
    fn byte_at(&mut self, offset: usize) -> u8 {
        let block = (offset / 1024) as u32;
        if block != self.block || offset < self.at {
            self.block = block;
            self.rc4 = Rc4::new(&self.key.block(block));
            self.at = block as usize * 1024;
        }
        while self.at < offset {
            self.rc4.next();
            self.at += 1;
        }
        self.at += 1;
        self.rc4.next()
    }
}

struct Rc4 {
    s: [u8; 256],
    i: u8,
    j: u8,
}

impl Rc4 {
    fn new(key: &[u8]) -> Rc4 {
        let mut s = [0u8; 256];
        for (i, v) in s.iter_mut().enumerate() {
            *v = i as u8;
        }
        let mut j = 0u8;
        for i in 0..256 {
            j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
            s.swap(i, j as usize);
        }
        Rc4 { s, i: 0, j: 0 }
    }

    fn next(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        self.j = self.j.wrapping_add(self.s[self.i as usize]);
        self.s.swap(self.i as usize, self.j as usize);
        self.s[self.s[self.i as usize].wrapping_add(self.s[self.j as usize]) as usize]
    }

    fn apply(&mut self, data: &mut [u8]) {
        for b in data {
            *b ^= self.next();
        }
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

/// The message padded as MD5 and SHA-1 pad it: 0x80, zeros, and the bit length (little-endian
/// for MD5, big-endian for SHA-1) in the last 8 bytes of a 64-byte block.
fn padded(message: &[u8], big_endian: bool) -> Vec<u8> {
    let bits = (message.len() as u64).wrapping_mul(8);
    let mut m = message.to_vec();
    m.push(0x80);
    while m.len() % 64 != 56 {
        m.push(0);
    }
    m.extend_from_slice(&if big_endian { bits.to_be_bytes() } else { bits.to_le_bytes() });
    m
}

/// MD5 (RFC 1321).
fn md5(message: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    // K[i] = floor(2^32 × |sin(i + 1)|).
    let k: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32).collect();
    let mut h: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    for chunk in padded(message, false).chunks(64) {
        let w: Vec<u32> = chunk.chunks(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        let [mut a, mut b, mut c, mut d] = h;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a.wrapping_add(f).wrapping_add(k[i]).wrapping_add(w[g]).rotate_left(S[i]);
            (a, d, c) = (d, c, b);
            b = b.wrapping_add(rotated);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 16];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_le_bytes());
    }
    out
}

/// SHA-1 (FIPS 180-4).
fn sha1(message: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    for chunk in padded(message, true).chunks(64) {
        let mut w = [0u32; 80];
        for (i, b) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i / 20 {
                0 => ((b & c) | (!b & d), 0x5A82_7999),
                1 => (b ^ c ^ d, 0x6ED9_EBA1),
                2 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            (e, d, c, b, a) = (d, c, b.rotate_left(30), a, t);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn the_xor_verifier_is_the_one_in_the_file() {
        // POI's xor-encryption-abc.xls: password "abc"; its FilePass holds the verifier.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/external/xor-encryption-abc.xls");
        let mut stream = super::super::ole::workbook_stream(&std::fs::read(path).unwrap()).unwrap();
        let (at, _) = file_pass(&stream).unwrap();
        let verifier = u16::from_le_bytes([stream[at + 8], stream[at + 9]]);
        assert_eq!(verifier, xor_verifier(b"abc"));
        assert_ne!(verifier, xor_verifier(DEFAULT_PASSWORD.as_bytes()));
        assert_eq!(open_with_default_password(&mut stream), Some(Outcome::Password));
    }

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
        Rc4::new(b"Key").apply(&mut p);
        assert_eq!(hex(&p), "bbf316e8d940af0ad3");
        let mut p = b"Attack at dawn".to_vec();
        Rc4::new(b"Secret").apply(&mut p);
        assert_eq!(hex(&p), "45a01f645fc35b383552544b9bf5");
    }
}
