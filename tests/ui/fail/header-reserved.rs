use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns")]
    async fn list(&self, #[header("Authorization")] token: &str) -> Result<()>;
}

fn main() {}
