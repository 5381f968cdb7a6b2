use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[post("/pets", data = "<pet>")]
    async fn create_pet(&self, pet: &serde_json::Value) -> Result<()>;

    #[post("/pets", data = "<pet>")]
    async fn create_pet_maybe_signed(
        &self,
        pet: &serde_json::Value,
        #[header("x-signature")] signature: Option<&str>,
    ) -> Result<()>;
}

fn main() {}
