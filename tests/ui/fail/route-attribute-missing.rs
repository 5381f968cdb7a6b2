use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    async fn retrieve(&self) -> Result<()>;
}

fn main() {}
