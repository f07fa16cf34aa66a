//! OLE2 compound files (the container of a legacy .xls, and of an encrypted xlsx/xlsb): the
//! workbook stream is taken out here, with every sector chain bounded, and handed to calamine in a
//! fresh, minimal container; an encrypted package's two streams are read the same way.
//!
//! calamine 0.38 trusts the container it is given: a sector chain that loops, or a FAT sector cut
//! short by the end of the file (whose missing bytes it later reads as zeros, i.e. "next sector
//! is 0"), makes it grow memory without bound (found by fuzzing: 24 GB in 53 s and 12.9 GB in
//! 30 s from files of 5.6 and 9 KB, kept under tests/fixtures/fuzz/workbook/). Rather than
//! predict how calamine would walk a damaged container, tongji walks it itself, refusing loops
//! and sectors outside the file, and gives calamine a container it wrote: one stream, laid out in
//! order, which no reader can get lost in. The BIFF records inside the stream are not touched.

use super::reason::Damage;

/// Sector ids at or above this are markers (end of chain, free, FAT, DIFAT), not sectors.
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const FAT_SECTOR: u32 = 0xFFFF_FFFD;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const NO_STREAM: u32 = 0xFFFF_FFFF;
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Streams shorter than this live in the mini stream (64-byte sectors).
const MINI_CUTOFF: u64 = 4096;
const MINI_SIZE: usize = 64;

fn u16_at(b: &[u8], off: usize) -> u16 {
    b.get(off..off + 2).map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4).map_or(FREE, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn entries(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The sectors after the header, each `size` bytes; the last may be cut short by the end of the
/// file (some writers do not pad it), and is then read as far as it goes.
struct Sectors<'a> {
    body: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    fn count(&self) -> usize {
        self.body.len().div_ceil(self.size)
    }

    fn get(&self, id: u32) -> Result<&'a [u8], Damage> {
        let start = (id as usize).checked_mul(self.size).filter(|s| *s < self.body.len());
        let start = start.ok_or_else(|| format!("扇区{id}超出文件末尾"))?;
        Ok(&self.body[start..(start + self.size).min(self.body.len())])
    }
}

/// The ids of the chain starting at `start` in `table`, each id at most once: a chain that comes
/// back to a sector it has passed, or leaves the table, is an error (calamine would follow it
/// forever or read past the file).
fn chain(start: u32, table: &[u32], units: usize, what: &str) -> Result<Vec<u32>, Damage> {
    let mut seen = vec![false; units.min(table.len())];
    let mut ids = Vec::new();
    let mut id = start;
    while id != END_OF_CHAIN {
        let i = id as usize;
        if i >= seen.len() {
            return Err(Damage(format!("{what}的扇区链指向不存在的扇区{id}")));
        }
        if seen[i] {
            return Err(Damage(format!("{what}的扇区链首尾相接")));
        }
        seen[i] = true;
        ids.push(id);
        id = table[i];
    }
    Ok(ids)
}

/// One directory entry: a stream's name, kind and where it is.
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    len: u64,
    /// The directory's red-black tree: the siblings to the left and right, the first child.
    left: u32,
    right: u32,
    child: u32,
}

fn entry(raw: &[u8], version: u16) -> Entry {
    let name_len = (u16_at(raw, 0x40) as usize).min(64);
    let units: Vec<u16> = raw[..name_len].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let name = String::from_utf16_lossy(&units).trim_end_matches('\0').to_string();
    let low = u32_at(raw, 0x78) as u64;
    // Version 3 files keep the size in 32 bits; the high half may hold anything.
    let len = if version == 3 { low } else { low | (u32_at(raw, 0x7C) as u64) << 32 };
    Entry {
        name,
        kind: raw[0x42],
        start: u32_at(raw, 0x74),
        len,
        left: u32_at(raw, 0x44),
        right: u32_at(raw, 0x48),
        child: u32_at(raw, 0x4C),
    }
}

/// An OLE2 file's container read once: its sectors, its FAT and its directory, every chain
/// checked, so that any of its streams can be taken out by name.
pub(crate) struct Compound<'a> {
    bytes: &'a [u8],
    sectors: Sectors<'a>,
    fat: Vec<u32>,
    dirs: Vec<Entry>,
}

impl<'a> Compound<'a> {
    /// Reads the header, the FAT and the directory of an OLE2 file; an error says in Chinese
    /// what is wrong with the container.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Compound<'a>, Damage> {
        if bytes.len() < 512 || bytes[..8] != SIGNATURE {
            return Err("OLE2文件头不符".into());
        }
        let version = u16_at(bytes, 0x1A);
        let size = match u16_at(bytes, 0x1E) {
            9 => 512,
            12 => 4096,
            s => return Err(Damage(format!("扇区大小字段为{s}"))),
        };
        if u16_at(bytes, 0x20) != 6 {
            return Err("小扇区大小字段不是6".into());
        }
        let body = bytes.get(size..).unwrap_or_default();
        let sectors = Sectors { body, size };
        let units = sectors.count();
        let per_sector = size / 4;

        // The FAT's own sectors: 109 listed in the header, the rest in the DIFAT chain, whose
        // sectors each list per_sector - 1 more and end with the next DIFAT sector.
        let mut fat_ids: Vec<u32> = entries(&bytes[0x4C..0x200]).collect();
        let mut difat_seen = vec![false; units];
        let mut next = u32_at(bytes, 0x44);
        while next < MAX_REGULAR {
            let seen = difat_seen.get_mut(next as usize).ok_or_else(|| format!("DIFAT指向不存在的扇区{next}"))?;
            if std::mem::replace(seen, true) {
                return Err("DIFAT的扇区链首尾相接".into());
            }
            let mut ids: Vec<u32> = entries(sectors.get(next)?).collect();
            ids.resize(per_sector, END_OF_CHAIN);
            next = ids.pop().unwrap_or(END_OF_CHAIN);
            fat_ids.extend(ids);
        }
        // Entries past the last sector of the file can never be reached, so the FAT is read only
        // as far as the file goes (a crafted DIFAT may list one sector many times).
        let mut fat = Vec::with_capacity(units);
        for id in fat_ids.into_iter().filter(|id| *id < MAX_REGULAR) {
            if fat.len() >= units {
                break;
            }
            // A FAT sector cut short by the end of the file: its missing entries are free.
            let before = fat.len();
            fat.extend(entries(sectors.get(id)?));
            fat.resize(before + per_sector, FREE);
        }
        fat.truncate(units);

        let mut file = Compound { bytes, sectors, fat, dirs: Vec::new() };
        let dir = file.read(u32_at(bytes, 0x30), "目录")?;
        file.dirs = dir.chunks_exact(128).map(|raw| entry(raw, version)).collect();
        Ok(file)
    }

    /// The sectors of the chain starting at `start`, one after another.
    fn read(&self, start: u32, what: &str) -> Result<Vec<u8>, Damage> {
        let mut out = Vec::new();
        for id in chain(start, &self.fat, self.sectors.count(), what)? {
            out.extend_from_slice(self.sectors.get(id)?);
        }
        Ok(out)
    }

    /// Whether the file has a stream named `name` (ASCII case ignored), in any storage.
    pub(crate) fn has_stream(&self, name: &str) -> bool {
        self.dirs.iter().any(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
    }

    /// The streams directly under the root storage (not those of an embedded object), walked
    /// through the directory's sibling tree with every entry visited at most once.
    fn root_streams(&self) -> Vec<&Entry> {
        let Some(root) = self.dirs.first().filter(|e| e.kind == 5) else { return Vec::new() };
        let mut seen = vec![false; self.dirs.len()];
        let mut todo = vec![root.child];
        let mut out = Vec::new();
        while let Some(id) = todo.pop() {
            let Some(e) = self.dirs.get(id as usize) else { continue };
            if std::mem::replace(&mut seen[id as usize], true) {
                continue;
            }
            if e.kind == 2 {
                out.push(e);
            }
            todo.extend([e.left, e.right]);
        }
        out
    }

    /// The stream named `name` (ASCII case ignored) directly under the root storage, as
    /// [`Compound::stream`] reads it: an encrypted package's streams are the file's own, never an
    /// embedded object's.
    pub(crate) fn root_stream(&self, name: &str) -> Result<Option<Vec<u8>>, Damage> {
        match self.root_streams().into_iter().find(|e| e.name.eq_ignore_ascii_case(name)) {
            Some(found) => self.read_stream(found, &format!("{}数据流", found.name)).map(Some),
            None => Ok(None),
        }
    }

    /// The stream named `name` (ASCII case ignored) in any storage, read with every chain
    /// checked: None when the file has no such stream. `what` names it in messages.
    pub(crate) fn stream(&self, name: &str, what: &str) -> Result<Option<Vec<u8>>, Damage> {
        match self.dirs.iter().find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name)) {
            Some(found) => self.read_stream(found, what).map(Some),
            None => Ok(None),
        }
    }

    fn read_stream(&self, found: &Entry, what: &str) -> Result<Vec<u8>, Damage> {
        let len = usize::try_from(found.len).map_err(|_| format!("{what}长度不合理"))?;
        let mut stream = if found.len < MINI_CUTOFF {
            let root = self.dirs.first().filter(|e| e.kind == 5).ok_or("缺少根目录")?;
            let container = self.read(root.start, "小扇区容器")?;
            let mini_fat: Vec<u32> = entries(&self.read(u32_at(self.bytes, 0x3C), "小扇区分配表")?).collect();
            let mini_units = container.len().div_ceil(MINI_SIZE);
            let mut out = Vec::new();
            for id in chain(found.start, &mini_fat, mini_units, what)? {
                let start = id as usize * MINI_SIZE;
                out.extend_from_slice(&container[start..(start + MINI_SIZE).min(container.len())]);
            }
            out
        } else {
            self.read(found.start, what)?
        };
        if stream.len() < len {
            return Err(Damage(format!("{what}应有{len}字节，文件中只有{}字节（文件不完整）", stream.len())));
        }
        stream.truncate(len);
        Ok(stream)
    }
}

/// The workbook stream ("Workbook", or "Book" in Excel 5/95 files) of an OLE2 file, read with
/// every chain checked; an error says in Chinese what is wrong with the container.
pub(crate) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, Damage> {
    let file = Compound::open(bytes)?;
    // Named "Workbook数据流" in messages whatever its case, as before streams were read by name.
    match file.stream("Workbook", "Workbook数据流")? {
        Some(stream) => Ok(stream),
        None => {
            file.stream("Book", "Workbook数据流")?.ok_or_else(|| "没有工作簿数据流，可能是Word等其他Office文档".into())
        }
    }
}

/// A minimal version-3 OLE2 file holding `stream` as its "Workbook": the stream's sectors in
/// order, one directory sector, then the FAT (and DIFAT, past 109 FAT sectors). A stream shorter
/// than 4,096 bytes is padded with zeros to stay out of the mini stream, as Excel itself pads it;
/// BIFF readers stop at the EOF record and never reach the padding.
pub(crate) fn container(stream: &[u8]) -> Vec<u8> {
    const SIZE: usize = 512;
    const PER: usize = SIZE / 4;
    let len = stream.len().max(MINI_CUTOFF as usize);
    let data = len.div_ceil(SIZE);
    let (mut fats, mut difats) = (1, 0);
    loop {
        let total = data + 1 + fats + difats;
        let (f, d) = (total.div_ceil(PER), total.div_ceil(PER).saturating_sub(109).div_ceil(PER - 1));
        if (f, d) == (fats, difats) {
            break;
        }
        (fats, difats) = (f, d);
    }
    let dir_id = data;
    let fat_first = data + 1;
    let difat_first = fat_first + fats;

    let mut fat = vec![FREE; fats * PER];
    for (i, next) in fat.iter_mut().enumerate().take(data) {
        *next = if i + 1 < data { (i + 1) as u32 } else { END_OF_CHAIN };
    }
    fat[dir_id] = END_OF_CHAIN;
    fat[fat_first..difat_first].fill(FAT_SECTOR);
    fat[difat_first..difat_first + difats].fill(DIFAT_SECTOR);

    let fat_ids: Vec<u32> = (fat_first..difat_first).map(|i| i as u32).collect();
    let mut out = Vec::with_capacity((1 + data + 1 + fats + difats) * SIZE);
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    // Header.
    out.extend_from_slice(&SIGNATURE);
    out.extend_from_slice(&[0; 16]); // CLSID
    out.extend_from_slice(&[0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF, 0x09, 0x00, 0x06, 0x00]);
    out.extend_from_slice(&[0; 6]);
    put(&mut out, 0); // directory sectors (always 0 in version 3)
    put(&mut out, fats as u32);
    put(&mut out, dir_id as u32);
    put(&mut out, 0); // transaction signature
    put(&mut out, MINI_CUTOFF as u32);
    put(&mut out, END_OF_CHAIN); // no mini FAT
    put(&mut out, 0);
    put(&mut out, if difats > 0 { difat_first as u32 } else { END_OF_CHAIN });
    put(&mut out, difats as u32);
    for i in 0..109 {
        put(&mut out, fat_ids.get(i).copied().unwrap_or(FREE));
    }
    // The stream.
    out.extend_from_slice(stream);
    out.resize(SIZE + data * SIZE, 0);
    // The directory: the root, the stream, two unused entries.
    let dir_entry = |out: &mut Vec<u8>, name: &str, kind: u8, child: u32, start: u32, len: u32| {
        let at = out.len();
        let units: Vec<u16> = name.encode_utf16().collect();
        for u in &units {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out.resize(at + 0x40, 0);
        out.extend_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        out.extend_from_slice(&[kind, 1]); // type, black
        put(out, NO_STREAM);
        put(out, NO_STREAM);
        put(out, child);
        out.resize(at + 0x74, 0);
        put(out, start);
        put(out, len);
        put(out, 0);
    };
    dir_entry(&mut out, "Root Entry", 5, 1, END_OF_CHAIN, 0);
    dir_entry(&mut out, "Workbook", 2, NO_STREAM, 0, len as u32);
    for _ in 0..2 {
        let at = out.len();
        out.resize(at + 0x44, 0);
        for _ in 0..3 {
            put(&mut out, NO_STREAM);
        }
        out.resize(at + 128, 0);
    }
    // FAT, then DIFAT.
    for v in &fat {
        put(&mut out, *v);
    }
    let rest: Vec<u32> = fat_ids.iter().skip(109).copied().collect();
    for (i, ids) in rest.chunks(PER - 1).enumerate() {
        for k in 0..PER - 1 {
            put(&mut out, ids.get(k).copied().unwrap_or(FREE));
        }
        put(&mut out, if i + 1 < difats { (difat_first + i + 1) as u32 } else { END_OF_CHAIN });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn rewritten_container_gives_back_the_same_stream() {
        for path in ["tests/fixtures/formats/legacy.xls", "input/贸易/2023年贸易统计台账.xls"] {
            let stream = workbook_stream(&fixture(path)).unwrap();
            assert!(stream.len() >= 4096, "{path}");
            let again = workbook_stream(&container(&stream)).unwrap();
            assert_eq!(again, stream, "{path}");
        }
    }

    #[test]
    fn calamine_reads_the_rewritten_container_as_the_original() {
        use calamine::{Reader, Xls};
        use std::io::Cursor;
        for path in ["tests/fixtures/formats/legacy.xls", "input/贸易/2023年贸易统计台账.xls"] {
            let original = fixture(path);
            let rewritten = container(&workbook_stream(&original).unwrap());
            let mut a = Xls::new(Cursor::new(original)).unwrap();
            let mut b = Xls::new(Cursor::new(rewritten)).unwrap();
            let (sheets_a, sheets_b) = (a.worksheets(), b.worksheets());
            assert!(!sheets_a.is_empty(), "{path}");
            assert_eq!(sheets_a, sheets_b, "{path}");
            for (name, _) in &sheets_a {
                assert_eq!(a.merge_cells_by_sheet_name(name).ok(), b.merge_cells_by_sheet_name(name).ok());
            }
        }
    }

    #[test]
    fn large_streams_get_a_difat() {
        // 109 FAT sectors address 109 × 128 sectors of 512 bytes: about 7 MB.
        let stream: Vec<u8> = (0..8_000_000u32).map(|i| (i % 251) as u8).collect();
        let file = container(&stream);
        assert_ne!(u32_at(&file, 0x44), END_OF_CHAIN, "a DIFAT sector is needed");
        assert_eq!(workbook_stream(&file).unwrap(), stream);
        // Short streams are padded to stay out of the mini stream.
        let short = workbook_stream(&container(b"abc")).unwrap();
        assert_eq!(short.len(), 4096);
        assert_eq!(&short[..3], b"abc");
    }

    #[test]
    fn damaged_containers_are_refused_with_a_reason() {
        for (path, why) in [
            ("tests/fixtures/fuzz/workbook/xls-oom-a0b15fc8.xls", "首尾相接"),
            ("tests/fixtures/fuzz/workbook/xls-oom-2f7c3269.xls", "不存在的扇区17"),
        ] {
            let err = workbook_stream(&fixture(path)).unwrap_err().to_string();
            assert!(err.contains(why), "{path}: {err}");
        }
        let mut cut = fixture("tests/fixtures/formats/legacy.xls");
        cut.truncate(cut.len() / 2);
        let err = workbook_stream(&cut).unwrap_err().to_string();
        assert!(err.contains("文件不完整") || err.contains("超出文件末尾"), "{err}");
    }

    /// A stream inside a storage (an embedded object's) is found by `stream` but is not one of
    /// the file's own: an encrypted package nested in a Word document is not taken for the file.
    #[test]
    fn root_streams_are_the_files_own() {
        let mut bytes = container(&[7u8; 5000]);
        let dir = 512 + u32_at(&bytes, 0x30) as usize * 512;
        let name = |bytes: &mut Vec<u8>, at: usize, text: &str| {
            let units: Vec<u16> = text.encode_utf16().collect();
            bytes[at..at + 0x40].fill(0);
            for (i, u) in units.iter().enumerate() {
                bytes[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
            }
            bytes[at + 0x40..at + 0x42].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        };
        name(&mut bytes, dir + 128, "EncryptedPackage");
        let file = Compound::open(&bytes).unwrap();
        assert_eq!(file.root_stream("EncryptedPackage").unwrap().map(|s| s.len()), Some(5000));
        // Entry 2 becomes a storage holding the stream, and the root's child.
        name(&mut bytes, dir + 256, "ObjectPool");
        bytes[dir + 256 + 0x42] = 1;
        bytes[dir + 256 + 0x4C..dir + 256 + 0x50].copy_from_slice(&1u32.to_le_bytes());
        bytes[dir + 0x4C..dir + 0x50].copy_from_slice(&2u32.to_le_bytes());
        let file = Compound::open(&bytes).unwrap();
        assert_eq!(file.root_stream("EncryptedPackage").unwrap(), None);
        assert!(file.has_stream("EncryptedPackage"), "still in the file, in a storage");
    }

    #[test]
    fn streams_are_found_by_name() {
        // An encrypted xlsx (POI's protect.xlsx): EncryptionInfo in the mini stream, the
        // EncryptedPackage in regular sectors, no workbook stream.
        let bytes = fixture("tests/fixtures/external/protect.xlsx");
        let file = Compound::open(&bytes).unwrap();
        let info = file.root_stream("EncryptionInfo").unwrap().unwrap();
        assert_eq!(info.len(), 224);
        assert_eq!(&info[..4], &[3, 0, 2, 0]);
        let package = file.root_stream("encryptedpackage").unwrap().unwrap();
        assert_eq!(u64::from_le_bytes(package[..8].try_into().unwrap()), 8851);
        assert_eq!(file.root_stream("Workbook").unwrap(), None);
        assert!(file.has_stream("EncryptedPackage") && !file.has_stream("Workbook"));
        assert!(workbook_stream(&bytes).unwrap_err().0.contains("没有工作簿数据流"));
    }

    #[test]
    fn chains_stop_at_loops_and_strays() {
        assert_eq!(chain(0, &[1, 2, END_OF_CHAIN], 3, "x").unwrap(), vec![0, 1, 2]);
        assert!(chain(0, &[1, 2, 0], 3, "x").unwrap_err().0.contains("首尾相接"));
        assert!(chain(0, &[1, 7, END_OF_CHAIN], 3, "x").unwrap_err().0.contains("不存在"));
        assert!(chain(0, &[FREE], 1, "x").unwrap_err().0.contains("不存在"));
    }
}
