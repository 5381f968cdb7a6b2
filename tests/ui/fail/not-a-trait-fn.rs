use altur_client::{Result, altur_api};

#[altur_api]
async fn retrieve(id: u64) -> Result<()> {
    let _ = id;
    Ok(())
}

fn main() {}
