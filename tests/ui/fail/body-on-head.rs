use altur_client::{Result, altur_api};
use serde::Serialize;

#[derive(Serialize)]
struct Probe {
    name: String,
}

#[altur_api]
trait Api {
    #[head("/campaigns", data = "<probe>")]
    async fn exists(&self, probe: &Probe) -> Result<()>;
}

fn main() {}
