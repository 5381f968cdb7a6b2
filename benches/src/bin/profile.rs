//! One variant alone, for `perf stat` / `perf record`:
//! `profile <A|B|B2|C|D> <small|big|missing> <requests>`.

use altur_bench::{Kind, Target, Variant, expected, pin_to, start_server};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let kind = match args.get(1).map(String::as_str) {
        Some("A") => Kind::A,
        Some("B") => Kind::B,
        Some("B2") => Kind::BRetry,
        Some("C") => Kind::C,
        Some("D") => Kind::D,
        other => panic!("unknown variant {other:?}"),
    };
    let target = match args.get(2).map(String::as_str) {
        Some("big") => Target::Big,
        Some("missing") => Target::Missing,
        _ => Target::Small,
    };
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let server = start_server(1, Some(0));
    pin_to(0);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let variant = Variant::new(kind, server.addrs[0]);
    let want = expected(target);
    let start = std::time::Instant::now();
    rt.block_on(async {
        for _ in 0..n {
            assert_eq!(variant.call(target).await.unwrap(), want);
        }
    });
    eprintln!("{kind:?}: {:.0} ns/req", start.elapsed().as_nanos() as f64 / n as f64);
}
