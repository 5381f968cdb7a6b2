use altur_client::altur_api;

#[altur_api]
struct Api {
    id: u64,
}

fn main() {}
