use crate::models::EndUserData;
use crate::{EndUser, Result};
use altur_macros::altur_api;
use uuid::Uuid;

/// EndUser endpoints: `/enduser`.
///
/// ```no_run
/// use altur_client::{Client, EndUserApi};
/// use altur_client::models::EndUserData;
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let user = client
///     .create_enduser(&EndUserData::new().with_display_name("Ada Lovelace"))
///     .await?;
/// let user = client
///     .update_enduser(user.id, &EndUserData::new().with_info("prefers mornings"))
///     .await?;
/// let again = client.retrieve_enduser(user.id).await?;
/// println!("{} ({:?})", again.display_name, again.info);
/// # Ok(())
/// # }
/// ```
#[altur_api(spec = "openapi/altur.yaml")]
pub trait EndUserApi {
    /// Creates an EndUser: `POST /enduser`. Fields of `data` left `None` are not sent.
    ///
    /// Like every `POST`, the call is not retried, so that a lost response cannot create the
    /// EndUser twice.
    ///
    /// ```
    /// # #[cfg(feature = "mock")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// use altur_client::mock::MockServer;
    /// use altur_client::EndUserApi;
    /// use altur_client::models::EndUserData;
    ///
    /// let server = MockServer::start().await;
    /// let client = server.client()?;
    /// let data = EndUserData::new()
    ///     .with_display_name("Ada Lovelace")
    ///     .with_info("prefers mornings");
    /// let user = client.create_enduser(&data).await?;
    /// assert_eq!(user.display_name, "Ada Lovelace");
    /// assert_eq!(client.retrieve_enduser(user.id).await?, user);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "mock"))]
    /// # fn main() {}
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 400 when the API refuses the data, 401 when
    /// the key is wrong; and every transport error.
    #[post("/enduser", data = "<data>")]
    async fn create_enduser(&self, data: &EndUserData) -> Result<EndUser>;

    /// Retrieves the EndUser with the given id: `GET /enduser/{id}`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such EndUser, 400 when
    /// the API refuses the id, 401 when the key is wrong; and every transport error.
    #[get("/enduser/<id>")]
    async fn retrieve_enduser(&self, id: Uuid) -> Result<EndUser>;

    /// Updates the EndUser with the given id and returns it: `PUT /enduser/{id}`. Fields of
    /// `data` left `None` are not sent, and keep their value.
    ///
    /// ```
    /// # #[cfg(feature = "mock")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// use altur_client::mock::MockServer;
    /// use altur_client::{EndUser, EndUserApi};
    /// use altur_client::models::EndUserData;
    ///
    /// let server = MockServer::start().await;
    /// let id = uuid::Uuid::from_u128(7);
    /// server.insert_enduser(EndUser::new(id, "Ada"));
    /// let user = server
    ///     .client()?
    ///     .update_enduser(id, &EndUserData::new().with_info("prefers mornings"))
    ///     .await?;
    /// assert_eq!(user.display_name, "Ada");
    /// assert_eq!(user.info.as_deref(), Some("prefers mornings"));
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "mock"))]
    /// # fn main() {}
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such EndUser, 400 when
    /// the API refuses the id or the data, 401 when the key is wrong; and every transport error.
    #[put("/enduser/<id>", data = "<data>")]
    async fn update_enduser(&self, id: Uuid, data: &EndUserData) -> Result<EndUser>;
}
