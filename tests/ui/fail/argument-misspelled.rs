use altur_client::{Result, altur_api};

#[altur_api(krate = "altur_client")]
trait Api {
    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
