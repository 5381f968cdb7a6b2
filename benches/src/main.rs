//! Runtime benchmark: hand-written reqwest (A, A2, A3), altur-client (B, B2), feignhttp (C) and
//! raw hyper (D) against one loopback server, interleaved in shuffled rounds. Run with
//! `cargo run --release` from `benches/`. `BENCH_SCALE=0.2` shortens every case.

use altur_bench::{Kind, Outcome, Target, Variant, expected, pin_to, start_server};
use std::sync::atomic::Ordering;
use std::time::Instant;

struct Case {
    name: &'static str,
    target: Target,
    in_flight: usize,
    /// Requests per variant per round.
    per_round: usize,
    rounds: usize,
    /// Core of the client thread (the server is on core 0).
    client_core: usize,
}

#[derive(Default)]
struct Samples {
    /// ns per request, wall clock, one per round.
    round_ns: Vec<f64>,
    /// Latency of every request, ns.
    latencies: Vec<u64>,
    errors: usize,
    first_error: Option<String>,
}

fn main() {
    let scale: f64 = std::env::var("BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let server = start_server(Kind::ALL.len(), Some(0));
    let n = |x: usize| ((x as f64 * scale) as usize).max(64);
    let r = |x: usize| ((x as f64 * scale.sqrt()) as usize).max(5);
    let other = if cores > 1 { 1 } else { 0 };
    let cases = [
        Case { name: "sequential, small body", target: Target::Small, in_flight: 1, per_round: n(500), rounds: r(60), client_core: 0 },
        Case { name: "16 in flight, small body", target: Target::Small, in_flight: 16, per_round: n(1600), rounds: r(30), client_core: other },
        Case { name: "64 in flight, small body", target: Target::Small, in_flight: 64, per_round: n(3200), rounds: r(30), client_core: other },
        Case { name: "sequential, ~64 KB body", target: Target::Big, in_flight: 1, per_round: n(200), rounds: r(40), client_core: 0 },
        Case { name: "sequential, 404 error", target: Target::Missing, in_flight: 1, per_round: n(500), rounds: r(40), client_core: 0 },
    ];

    let started = Instant::now();
    let client_thread = std::thread::Builder::new().name("client".into()).spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let variants: Vec<Variant> =
            Kind::ALL.iter().zip(&server.addrs).map(|(kind, addr)| Variant::new(*kind, *addr)).collect();
        let mut max_in_flight = 0;
        println!("machine: {cores} cores; server thread pinned to core 0");
        for case in &cases {
            let pinned = pin_to(case.client_core);
            max_in_flight = max_in_flight.max(case.in_flight);
            let want = expected(case.target);
            let mut samples: Vec<Samples> = Kind::ALL.iter().map(|_| Samples::default()).collect();
            // Warm-up: every variant, a few hundred requests at this concurrency.
            for variant in &variants {
                let mut scratch = Samples::default();
                rt.block_on(run(variant, case.target, &want, case.in_flight, (case.per_round / 2).max(case.in_flight * 4), &mut scratch));
                if scratch.errors > 0 {
                    println!("warm-up error: {:?}", scratch.first_error);
                }
            }
            let mut order: Vec<usize> = (0..variants.len()).collect();
            for _ in 0..case.rounds {
                fastrand::shuffle(&mut order);
                for &i in &order {
                    rt.block_on(run(&variants[i], case.target, &want, case.in_flight, case.per_round, &mut samples[i]));
                }
            }
            report(case, pinned, &samples, &server, max_in_flight);
        }
        println!("\ntotal time: {:.1} s", started.elapsed().as_secs_f64());
    }).unwrap();
    client_thread.join().unwrap();
}

/// `total` calls, `in_flight` at a time, on the current-thread runtime.
async fn run(variant: &Variant, target: Target, want: &Outcome, in_flight: usize, total: usize, samples: &mut Samples) {
    let per_worker = total / in_flight;
    let start = Instant::now();
    let workers = (0..in_flight).map(|_| async move {
        let mut latencies = Vec::with_capacity(per_worker);
        let mut errors = 0;
        let mut first_error = None;
        for i in 0..per_worker {
            let t = Instant::now();
            let outcome = variant.call(target).await;
            latencies.push(t.elapsed().as_nanos() as u64);
            let ok = match (&outcome, want) {
                // Full comparison on the first call, a cheap one afterwards (the same for all).
                (Ok(got), want) if i == 0 => got == want,
                (Ok(Outcome::User(got)), Outcome::User(want)) => {
                    got.id == want.id && got.info.as_ref().map(String::len) == want.info.as_ref().map(String::len)
                }
                (Ok(got @ Outcome::NotFound { .. }), want) => got == want,
                _ => false,
            };
            if !ok {
                errors += 1;
                first_error.get_or_insert_with(|| format!("{outcome:?}"));
            }
        }
        (latencies, errors, first_error)
    });
    let results = futures_util::future::join_all(workers).await;
    let elapsed = start.elapsed().as_nanos() as f64;
    samples.round_ns.push(elapsed / (per_worker * in_flight) as f64);
    for (latencies, errors, first_error) in results {
        samples.latencies.extend(latencies);
        samples.errors += errors;
        if samples.first_error.is_none() {
            samples.first_error = first_error;
        }
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

/// Median of `ratios` with a 95% percentile-bootstrap interval.
fn median_ci(ratios: &[f64]) -> (f64, f64, f64) {
    let mut sorted = ratios.to_vec();
    let m = median(&mut sorted);
    let mut rng = fastrand::Rng::with_seed(42);
    let mut medians: Vec<f64> = (0..4000)
        .map(|_| {
            let mut resample: Vec<f64> = (0..ratios.len()).map(|_| ratios[rng.usize(..ratios.len())]).collect();
            median(&mut resample)
        })
        .collect();
    medians.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (m, medians[100], medians[3899])
}

fn report(case: &Case, pinned: bool, samples: &[Samples], server: &altur_bench::Server, max_in_flight: usize) {
    println!(
        "\n== {} (in flight {}, {} rounds x {} requests per variant, client on core {}{}) ==",
        case.name, case.in_flight, case.rounds, case.per_round, case.client_core,
        if pinned { ", pinned" } else { ", PINNING FAILED" }
    );
    println!("{:<38} {:>22} {:>10} {:>10} {:>10}", "variant", "ratio vs A [95% CI]", "ns/req", "p50 ns", "p99 ns");
    let a = &samples[0].round_ns;
    for (kind, s) in Kind::ALL.iter().zip(samples) {
        let ratios: Vec<f64> = s.round_ns.iter().zip(a).map(|(x, a)| x / a).collect();
        let (m, lo, hi) = median_ci(&ratios);
        let mut lat = s.latencies.clone();
        lat.sort_unstable();
        let p = |q: f64| lat[((lat.len() as f64 * q) as usize).min(lat.len() - 1)];
        let mut per = s.round_ns.clone();
        println!(
            "{:<38} {:>6.3} [{:.3}, {:.3}] {:>10.0} {:>10} {:>10}",
            kind.label(), m, lo, hi, median(&mut per), p(0.5), p(0.99)
        );
    }
    let errors: Vec<usize> = samples.iter().map(|s| s.errors).collect();
    let accepts: Vec<usize> = server.accepts.iter().map(|a| a.load(Ordering::Relaxed)).collect();
    println!(
        "check: errors/mismatches per variant {errors:?}; accepted connections per variant {accepts:?} (expected {max_in_flight} each, the largest in-flight so far)"
    );
    for (kind, s) in Kind::ALL.iter().zip(samples) {
        if let Some(e) = &s.first_error {
            println!("  first error of {kind:?}: {e}");
        }
    }
}
