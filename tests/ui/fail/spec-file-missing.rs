use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/missing.yaml")]
trait Pets {
    #[get("/pets")]
    async fn pets(&self) -> Result<()>;
}

fn main() {}
