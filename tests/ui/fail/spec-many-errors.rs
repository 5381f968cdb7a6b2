// Contract errors and the macro's own are reported together, each at its culprit.
use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[get("/pets/<id>?expand=owner")]
    async fn show_pet(&self, id: &str) -> Result<()>;

    #[get("/pets/<petid>")]
    async fn show_pet_again(&self, pet_id: u64) -> Result<()>;

    #[patch("/pets/<id>", data = "<pet>")]
    async fn update_pet(&self, id: u64, pet: &serde_json::Value) -> Result<()>;
}

fn main() {}
