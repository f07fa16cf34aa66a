//! Renders the charts of the shipped sample into a folder, for looking at them:
//! `cargo run --release --example charts -- /tmp/charts`.

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "/tmp/tongji-charts".into()));
    let (config, ingested) = tongji::pipeline::check(std::path::Path::new("input")).expect("input");
    let period = tongji::pipeline::latest_period(&ingested, tongji::model::period::today()).expect("records");
    let figures = tongji::pipeline::figures(&ingested, &config, period).expect("figures");
    let fonts = tongji::render::text::Fonts::embedded();
    let charts = tongji::render::charts::render(&figures, &fonts).expect("charts");
    std::fs::create_dir_all(&out).unwrap();
    for c in charts.charts {
        std::fs::write(out.join(&c.file_name), c.png).unwrap();
    }
    println!("missing: {:?}", charts.missing);
}
