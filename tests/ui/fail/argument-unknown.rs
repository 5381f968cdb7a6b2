use altur_client::{Result, altur_api};

#[altur_api(foo = "x")]
trait Api {
    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
