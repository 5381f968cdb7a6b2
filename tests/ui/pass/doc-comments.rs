// Docs on the trait and its methods are kept: `missing_docs` would fire otherwise.
#![deny(missing_docs)]
//! A documented API.

use altur_client::{Result, altur_api};

/// Threads.
#[altur_api]
pub trait ThreadApi {
    /// Retrieves a thread.
    ///
    /// # Errors
    ///
    /// Every transport and API error.
    #[get("/thread/<id>")]
    async fn retrieve_thread(&self, id: &str) -> Result<()>;

    #[doc = "Lists threads."]
    #[get("/threads")]
    async fn list_threads(&self) -> Result<()>;
}

fn main() {}
