use altur_client::{Result, altur_api};

#[altur_api(crate = "altur client")]
trait Api {
    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
