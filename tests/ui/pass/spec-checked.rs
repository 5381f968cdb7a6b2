// Routes checked against an OpenAPI document: placeholders match by position whatever their
// names, `$ref`s and path-level parameters are followed, headers match whatever their case,
// a struct may send required query keys, and types the macro cannot judge are taken on trust.
use altur_client::{Client, Result, altur_api};
use serde::Serialize;
use std::fmt::{self, Display};
use uuid::Uuid;

#[derive(Serialize)]
pub struct PetQuery {
    pub limit: u32,
}

#[derive(Serialize)]
pub struct NewPet {
    pub name: String,
}

pub struct PetId(u64);

impl Display for PetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[altur_api(spec = "specs/pets.yaml")]
pub trait Pets {
    #[get("/pets?limit=<limit>&status=sold")]
    async fn sold_pets(&self, limit: u32, #[header("x-request-id")] id: Option<&str>) -> Result<()>;

    #[get("/pets?<query..>")]
    async fn pets(&self, query: &PetQuery) -> Result<()>;

    #[post("/pets", data = "<pet>")]
    async fn create_pet(&self, pet: &NewPet, #[header("X-Signature")] signature: &str) -> Result<()>;

    #[get("/pets/<id>")]
    async fn show_pet(&self, id: u64) -> Result<()>;

    #[delete("/pets/<pet>")]
    async fn delete_pet(&self, pet: PetId) -> Result<()>;

    #[get("/owners/<owner>")]
    async fn show_owner(&self, owner: Uuid) -> Result<()>;

    #[get("/owners/<owner>")]
    async fn show_owner_by_text(&self, owner: &str) -> Result<()>;
}

fn main() {
    let routes: Vec<(&str, &str)> = <Client as Pets>::__altur_endpoints()
        .iter()
        .map(|endpoint| (endpoint.name, endpoint.route))
        .collect();
    assert_eq!(routes.len(), 7);
    assert_eq!(routes[3], ("show_pet", "/pets/<id>"));
}
