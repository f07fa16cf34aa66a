//! Excel 97–2003 workbooks (.xls, BIFF8), read whole with calamine: an .xls sheet is at most
//! 65,536 × 256 cells.

use std::io::Cursor;

use calamine::{Reader, Xls, XlsError};

use super::{merges_from, read_ranges, Format, Workbook};
use crate::config::Limits;

pub struct XlsFormat;

impl Format for XlsFormat {
    fn name(&self) -> &'static str {
        "xls"
    }

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Workbook, String> {
        if !sector_chains_end(bytes) {
            return Err("xls文件内部结构损坏（扇区链首尾相接），无法读取；请在Excel中打开后另存".into());
        }
        let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            XlsError::Password => "工作簿设有打开密码，无法读取；请取消密码后另存".to_string(),
            other => format!("无法打开xls工作簿（文件可能已损坏）：{other}"),
        })?;
        let sheets = read_ranges(&mut wb, limits, |wb, name| {
            wb.merge_cells_by_sheet_name(name).map(|m| merges_from(&m)).unwrap_or_default()
        });
        Ok(Workbook { format: self.name().to_string(), sheets, warnings: Vec::new() })
    }
}

/// An .xls is an OLE2 compound file: its streams are chains of sectors linked by the file
/// allocation table (FAT, and the mini FAT for small streams). A chain that loops back on itself
/// makes calamine follow it forever, growing memory without bound (found by fuzzing:
/// tests/fixtures/fuzz/workbook/xls-oom-a0b15fc8.xls took 24 GB in 53 s). False when either
/// table has a cycle; true otherwise, including for files too damaged to tell (calamine then
/// reports them).
pub(crate) fn sector_chains_end(bytes: &[u8]) -> bool {
    let u32_at =
        |off: usize| -> Option<u32> { bytes.get(off..off + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])) };
    let Some(shift) = bytes.get(0x1E..0x20).map(|b| u16::from_le_bytes([b[0], b[1]])) else { return true };
    if !(7..=16).contains(&shift) {
        return true;
    }
    let size = 1usize << shift;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let entries = |data: &[u8]| -> Vec<u32> {
        data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
    };
    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(0x4C + 4 * i)).collect();
    let mut difat = u32_at(0x44).unwrap_or(u32::MAX);
    let mut hops = 0;
    while difat < 0xFFFF_FFFA && hops < bytes.len() / size + 1 {
        let Some(data) = sector(difat) else { break };
        let mut ids = entries(data);
        difat = ids.pop().unwrap_or(u32::MAX);
        fat_sectors.extend(ids);
        hops += 1;
    }
    let mut fat = Vec::new();
    for id in fat_sectors.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
        match sector(id) {
            Some(data) => fat.extend(entries(data)),
            None => break,
        }
    }
    if has_cycle(&fat) {
        return false;
    }
    // The mini FAT is itself a chain in the FAT (cycle-free by now).
    let mut mini = Vec::new();
    let mut id = u32_at(0x3C).unwrap_or(u32::MAX);
    while id < 0xFFFF_FFFA && mini.len() < fat.len() * (size / 4) {
        let Some(data) = sector(id) else { break };
        mini.extend(entries(data));
        id = fat.get(id as usize).copied().unwrap_or(u32::MAX);
    }
    !has_cycle(&mini)
}

/// Whether following `next` from any entry can come back to an entry already on the way.
fn has_cycle(next: &[u32]) -> bool {
    // 0: not seen, 1: on the current path, 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut i = start;
        while i < next.len() && state[i] == 0 {
            state[i] = 1;
            path.push(i);
            i = next[i] as usize;
        }
        if i < next.len() && state[i] == 1 {
            return true;
        }
        for j in path.drain(..) {
            state[j] = 2;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        assert!(!has_cycle(&[1, 2, 0xFFFF_FFFE]));
        assert!(has_cycle(&[1, 2, 0]));
        assert!(has_cycle(&[0xFFFF_FFFE, 2, 1]));
        assert!(!has_cycle(&[]));
    }

    #[test]
    fn real_xls_files_pass() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/legacy.xls");
        assert!(sector_chains_end(&std::fs::read(dir).unwrap()));
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/input/贸易/2023年贸易统计台账.xls");
        assert!(sector_chains_end(&std::fs::read(sample).unwrap()));
    }
}
