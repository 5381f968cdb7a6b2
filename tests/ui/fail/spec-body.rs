use altur_client::{Result, altur_api};

#[altur_api(spec = "specs/pets.yaml")]
trait Pets {
    #[post("/pets")]
    async fn create_pet(&self, #[header("X-Signature")] signature: &str) -> Result<()>;

    #[post("/pets", data = "<pet>")]
    async fn create_pet_maybe(
        &self,
        pet: Option<&serde_json::Value>,
        #[header("X-Signature")] signature: &str,
    ) -> Result<()>;

    #[delete("/pets/<id>", data = "<reason>")]
    async fn delete_pet(&self, id: u64, reason: &str) -> Result<()>;

    #[put("/pets/<id>/photo", data = "<photo>")]
    async fn upload_photo(&self, id: u64, photo: &Vec<u8>) -> Result<()>;
}

fn main() {}
