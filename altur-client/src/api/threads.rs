use crate::Result;
use crate::models::Thread;
use altur_macros::altur_api;

/// Thread endpoints: `/thread`.
///
/// ```no_run
/// use altur_client::{Client, ThreadsApi};
///
/// # async fn run() -> altur_client::Result<()> {
/// let client = Client::from_env()?;
/// let thread = client.retrieve_thread("thr_8Yv2kQ1mZx").await?;
/// if let Some(user) = &thread.end_user {
///     println!("{} (active: {:?})", user.display_name, thread.active);
/// }
/// # Ok(())
/// # }
/// ```
#[altur_api(spec = "openapi/altur.yaml")]
pub trait ThreadsApi {
    /// Retrieves the thread with the given id: `GET /thread/{id}`.
    ///
    /// ```
    /// # #[cfg(feature = "mock")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> altur_client::Result<()> {
    /// use altur_client::mock::MockServer;
    /// use altur_client::ThreadsApi;
    /// use altur_client::models::Thread;
    ///
    /// let server = MockServer::start().await;
    /// let mut thread = Thread::new("thr_1");
    /// thread.active = Some(true);
    /// server.insert_thread(thread.clone());
    /// assert_eq!(server.client()?.retrieve_thread("thr_1").await?, thread);
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "mock"))]
    /// # fn main() {}
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) with status 404 when there is no such thread, 400 when
    /// the API refuses the id, 401 when the key is wrong; and every transport error.
    #[get("/thread/<id>")]
    async fn retrieve_thread(&self, id: &str) -> Result<Thread>;
}
