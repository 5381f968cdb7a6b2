use altur_client::{Result, altur_api};

#[altur_api]
trait Api<T> {
    #[get("/enduser")]
    async fn list(&self) -> Result<T>;
}

fn main() {}
