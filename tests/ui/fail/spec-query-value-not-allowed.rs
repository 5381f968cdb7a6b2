use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets?limit=<limit>&status=lost")]
    async fn lost_pets(&self, limit: u32) -> Result<()>;
}

fn main() {}
