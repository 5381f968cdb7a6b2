use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get("/a")]
    #[get("/b")]
    async fn retrieve(&self) -> Result<()>;
}

fn main() {}
