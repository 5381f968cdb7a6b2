use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/campaigns", timout = "5s")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
