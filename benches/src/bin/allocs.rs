//! Allocations per request of each variant, counted on the client thread only (the server runs
//! on its own thread, which is not counted). A separate binary, so that the counting allocator
//! does not touch the timings of `altur-bench`. Run with `cargo run --release --bin allocs`.

use altur_bench::{Kind, Target, Variant, expected, start_server};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count(size: usize) {
    if COUNTING.with(Cell::get) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: forwards to the system allocator; counting has no effect on the memory returned.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    const N: u64 = 2000;
    let server = start_server(Kind::ALL.len(), None);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let variants: Vec<Variant> =
        Kind::ALL.iter().zip(&server.addrs).map(|(kind, addr)| Variant::new(*kind, *addr)).collect();
    println!("allocations per request (calls to alloc/alloc_zeroed/realloc on the client thread), {N} sequential requests after 200 warm-up");
    println!("{:<38} {:>14} {:>14} {:>14}", "variant", "small", "~64 KB", "404");
    for (kind, variant) in Kind::ALL.iter().zip(&variants) {
        let mut cells = Vec::new();
        for target in [Target::Small, Target::Big, Target::Missing] {
            let want = expected(target);
            rt.block_on(async {
                for _ in 0..200 {
                    assert_eq!(variant.call(target).await.unwrap(), want);
                }
                ALLOCS.store(0, Ordering::Relaxed);
                BYTES.store(0, Ordering::Relaxed);
                COUNTING.with(|c| c.set(true));
                for _ in 0..N {
                    let outcome = variant.call(target).await;
                    // The comparison allocates nothing; dropping the outcome frees only.
                    assert!(matches!(&outcome, Ok(got) if *got == want));
                }
                COUNTING.with(|c| c.set(false));
            });
            let allocs = ALLOCS.load(Ordering::Relaxed) as f64 / N as f64;
            let bytes = BYTES.load(Ordering::Relaxed) as f64 / N as f64;
            cells.push(format!("{allocs:.1} / {:.0} B", bytes));
        }
        println!("{:<38} {:>14} {:>14} {:>14}", kind.label(), cells[0], cells[1], cells[2]);
    }
}
