use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/enduser/v<x>")]
    async fn retrieve(&self, x: u64) -> Result<()>;
}

fn main() {}
