//! The floor for the speed benchmark: open every workbook under a folder with calamine and touch
//! every cell, nothing else. tongji cannot read faster than this; `scripts/bench` times both.
//!
//! ```text
//! cargo run --release --example floor -- DIR [--threads N] [--dense] [--merges]
//! ```
//!
//! `--threads 1` reads the files one after another; the default uses every core (one file per
//! rayon task, as tongji does). xlsx/xlsb are read with calamine's streaming cell reader, or
//! with `--dense` as whole ranges; xls and ods are always whole ranges (calamine has no cell
//! reader for them); `--merges` also reads each xlsx sheet's merged regions the way calamine
//! offers them (a second pass over the sheet's XML); CSV files are decoded (BOM, UTF-8, else GB18030) and split into fields.
//! It prints files, cells and a checksum of the cells' text lengths so the work cannot be
//! optimised away.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Instant;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use rayon::prelude::*;

#[derive(Default, Clone, Copy)]
struct Tally {
    files: u64,
    cells: u64,
    checksum: u64,
}

impl Tally {
    fn add(self, o: Tally) -> Tally {
        Tally { files: self.files + o.files, cells: self.cells + o.cells, checksum: self.checksum ^ o.checksum }
    }
}

fn touch_ref(t: &mut Tally, v: &DataRef) {
    t.cells += 1;
    t.checksum = t.checksum.rotate_left(5)
        ^ match v {
            DataRef::String(s) => s.len() as u64,
            DataRef::SharedString(s) => s.len() as u64,
            DataRef::Float(f) => f.to_bits(),
            DataRef::Int(i) => *i as u64,
            _ => 1,
        };
}

fn touch(t: &mut Tally, v: &Data) {
    t.cells += 1;
    t.checksum = t.checksum.rotate_left(5)
        ^ match v {
            Data::String(s) => s.len() as u64,
            Data::Float(f) => f.to_bits(),
            Data::Int(i) => *i as u64,
            _ => 1,
        };
}

fn ranges<R: Reader<Cursor<Vec<u8>>>>(wb: &mut R, t: &mut Tally) {
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            for (_, _, v) in range.used_cells() {
                touch(t, v);
            }
        }
    }
}

fn read(path: &Path, dense: bool, merges: bool) -> Tally {
    let mut t = Tally { files: 1, ..Tally::default() };
    let Ok(bytes) = std::fs::read(path) else { return t };
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let Ok(mut wb) = Xlsx::new(Cursor::new(bytes)) else { return t };
            if dense {
                ranges(&mut wb, &mut t);
            } else {
                for name in wb.sheet_names() {
                    let Ok(mut r) = wb.worksheet_cells_reader(&name) else { continue };
                    while let Ok(Some(c)) = r.next_cell() {
                        touch_ref(&mut t, c.get_value());
                    }
                    drop(r);
                    if merges {
                        t.checksum ^= wb.merge_cells_by_sheet_name(&name).map(|m| m.len() as u64).unwrap_or(0);
                    }
                }
            }
        }
        "xlsb" => {
            let Ok(mut wb) = Xlsb::new(Cursor::new(bytes)) else { return t };
            ranges(&mut wb, &mut t);
        }
        "xls" => {
            let Ok(mut wb) = Xls::new(Cursor::new(bytes)) else { return t };
            ranges(&mut wb, &mut t);
        }
        "ods" => {
            let Ok(mut wb) = Ods::new(Cursor::new(bytes)) else { return t };
            ranges(&mut wb, &mut t);
        }
        "csv" => {
            let text = match encoding_rs::Encoding::for_bom(&bytes) {
                Some((enc, bom)) => enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(),
                None => match std::str::from_utf8(&bytes) {
                    Ok(s) => s.to_string(),
                    Err(_) => encoding_rs::GB18030.decode_without_bom_handling(&bytes).0.into_owned(),
                },
            };
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut rec = csv::StringRecord::new();
            while let Ok(true) = rdr.read_record(&mut rec) {
                for f in rec.iter().filter(|f| !f.is_empty()) {
                    t.cells += 1;
                    t.checksum = t.checksum.rotate_left(5) ^ f.len() as u64;
                }
            }
        }
        _ => t.files = 0,
    }
    t
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut threads = 0usize;
    let mut dense = false;
    let mut merges = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" => threads = args.next().and_then(|n| n.parse().ok()).expect("--threads N"),
            "--dense" => dense = true,
            "--merges" => merges = true,
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.expect("usage: floor DIR [--threads N] [--dense]");
    let start = Instant::now();
    let mut files = Vec::new();
    walk(&dir, &mut files);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    let t = pool.install(|| files.par_iter().map(|p| read(p, dense, merges)).reduce(Tally::default, |a, b| a.add(b)));
    eprintln!(
        "floor: {} files, {} cells, checksum {:x}, {:.3} s",
        t.files,
        t.cells,
        t.checksum,
        start.elapsed().as_secs_f64()
    );
}
