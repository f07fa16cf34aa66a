//! criterion benches for aggregation: the figures of a period (every window, 同比, 环比, monthly
//! series, breakdowns) from the records of the shipped sample, and from the same records repeated
//! to a province's size.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tongji::model::period::Period;
use tongji::model::Ingested;
use tongji::pipeline::{check, figures};

/// The sample's records repeated `times` times (each copy a distinct unit, same dates).
fn repeated(base: &Ingested, times: usize) -> Ingested {
    let mut ing = Ingested::default();
    for i in 0..times {
        ing.training.extend(base.training.iter().cloned());
        ing.verification.extend(base.verification.iter().cloned().map(|mut r| {
            r.unit = r.unit.map(|u| format!("{u}{i}"));
            r
        }));
        ing.enforcement.extend(base.enforcement.iter().cloned());
    }
    ing.targets = base.targets.clone();
    ing
}

fn aggregate(c: &mut Criterion) {
    let (config, sample) = check(Path::new("input")).expect("the shipped sample input/");
    let period = Period { year: 2023, month: 9 };
    let mut g = c.benchmark_group("figures");
    g.sample_size(20);
    for times in [1usize, 100] {
        let ing = repeated(&sample, times);
        let records = ing.training.len() + ing.verification.len() + ing.enforcement.len();
        g.throughput(Throughput::Elements(records as u64));
        g.bench_function(format!("{records}_records"), |b| {
            b.iter(|| black_box(figures(&ing, &config, period).expect("figures")))
        });
    }
    g.finish();
}

criterion_group!(benches, aggregate);
criterion_main!(benches);
