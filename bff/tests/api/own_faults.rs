//! A fault of the BFF's own, not of the city's system: residents are not told "the
//! government system cannot be reached" when it can.

use crate::helpers::spawn_app;
use crate::media::png;

/// The BFF's photo folder cannot be made (a file stands where it goes): a real disk fault,
/// not a mock.
#[tokio::test]
async fn a_photo_the_bff_cannot_store_is_internal_error_not_the_city() {
    let app = spawn_app().await;
    let media = app.data_dir.join("media");
    let _ = std::fs::remove_dir_all(&media);
    std::fs::write(&media, b"not a folder").unwrap();
    let response = app
        .client
        .post(app.at("/api/media"))
        .header("content-type", "image/png")
        .body(png(8, 8))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    let error: api::ApiError = response.json().await.unwrap();
    assert_eq!(error.code, api::ErrorCode::InternalError);
}
