use altur_client::{Result, altur_api};

#[altur_api]
trait Api {
    #[put("/campaigns/<name>", data = "<name>")]
    async fn rename(&self, name: &str) -> Result<()>;
}

fn main() {}
