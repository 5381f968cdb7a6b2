use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get]
    async fn retrieve(&self) -> Result<()>;
}

fn main() {}
