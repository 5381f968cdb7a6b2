use altur_client::{Result, altur_api};

#[altur_api]
trait Api
where
    Self: Sized,
{
    #[get("/enduser")]
    async fn list(&self) -> Result<()>;
}

fn main() {}
