use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[get(123)]
    async fn retrieve(&self) -> Result<()>;
}

fn main() {}
