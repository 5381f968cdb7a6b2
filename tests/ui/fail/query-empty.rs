use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns?")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
