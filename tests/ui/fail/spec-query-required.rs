use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets?status=sold")]
    async fn sold_pets(&self) -> Result<()>;

    #[get("/pets?<limit>")]
    async fn pets(&self, limit: Option<u32>) -> Result<()>;
}

fn main() {}
