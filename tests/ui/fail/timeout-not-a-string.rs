use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns", timeout = 5)]
    async fn list(&self) -> Result<()>;
}

fn main() {}
