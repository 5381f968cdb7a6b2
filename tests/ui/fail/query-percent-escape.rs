use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns?name=a%20b")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
