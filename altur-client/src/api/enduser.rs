use crate::{EndUser, Result, altur_api};
use uuid::Uuid;

/// EndUser endpoints.
///
/// ```no_run
/// use altur_client::{Client, EndUserApi};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let id = "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b".parse().expect("a valid id");
/// let user = client.retrieve_enduser(id).await?;
/// println!("{} ({:?})", user.display_name, user.integration_type);
/// # Ok(())
/// # }
/// ```
#[altur_api]
pub trait EndUserApi {
    /// Retrieves the EndUser with the given id: `GET /enduser/{id}`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such EndUser, 400 when
    /// the API refuses the id, 401 when the key is wrong; and every transport error.
    #[get("/enduser/<id>")]
    async fn retrieve_enduser(&self, id: Uuid) -> Result<EndUser>;
}
