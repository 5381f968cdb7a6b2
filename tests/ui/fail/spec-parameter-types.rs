use altur_client::{Result, altur_api};
use uuid::Uuid;

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets/<id>")]
    async fn show_pet(&self, id: &str) -> Result<()>;

    #[delete("/pets/<id>")]
    async fn delete_pet(&self, id: Uuid) -> Result<()>;

    #[get("/owners/<id>")]
    async fn show_owner(&self, id: u64) -> Result<()>;

    #[get("/pets?<limit>")]
    async fn pets(&self, limit: Option<f64>) -> Result<()>;
}

fn main() {}
