use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    const VERSION: u32;

    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
