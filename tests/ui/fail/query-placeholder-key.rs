use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns?<k>=1")]
    async fn list(&self, k: &str) -> Result<()>;
}

fn main() {}
