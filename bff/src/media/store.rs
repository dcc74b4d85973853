use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use tokio::sync::Semaphore;
use url::Url;

use super::MediaId;
use super::photo::{self, PhotoError};

/// Decoding one large photo holds a few hundred MiB for a moment: a couple at a time keeps
/// the BFF's memory bounded however many residents upload at once.
const CONCURRENT_DECODES: usize = 2;

/// Photos on disk under `<data_dir>/media/`, and their public URLs.
#[derive(Clone)]
pub struct MediaStore {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    public_base: Url,
    decoding: Semaphore,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error("writing the photo: {0}")]
    Storage(#[from] std::io::Error),
}

impl MediaStore {
    /// `public_url` is the site's address as the city's system reaches it.
    pub fn new(data_dir: &Path, public_url: &Url) -> MediaStore {
        let mut public_base = public_url.clone();
        if !public_base.path().ends_with('/') {
            let path = format!("{}/", public_base.path());
            public_base.set_path(&path);
        }
        MediaStore {
            inner: Arc::new(Inner {
                dir: data_dir.join("media"),
                public_base,
                decoding: Semaphore::new(CONCURRENT_DECODES),
            }),
        }
    }

    /// Checks, cleans and keeps an upload; answers its new id.
    pub async fn save(&self, upload: Bytes) -> Result<MediaId, SaveError> {
        let jpeg = {
            let _turn = self.inner.decoding.acquire().await.expect("never closed");
            tokio::task::spawn_blocking(move || photo::reencode(&upload))
                .await
                // A decoder that panics on a crafted file is still the file's fault.
                .unwrap_or_else(|_| {
                    tracing::warn!("photo decoder panicked");
                    Err(PhotoError::Unreadable)
                })?
        };
        let id = MediaId::random();
        tokio::fs::create_dir_all(&self.inner.dir).await?;
        // Written aside then renamed, so a reader never sees half a photo.
        let partial = self.inner.dir.join(format!("{}.part", id.as_str()));
        tokio::fs::write(&partial, &jpeg).await?;
        tokio::fs::rename(&partial, self.path(&id)).await?;
        Ok(id)
    }

    pub async fn read(&self, id: &MediaId) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.path(id)).await
    }

    /// The absolute URL the city's system fetches the photo from (`media_url`).
    pub fn url(&self, id: &MediaId) -> Url {
        self.inner
            .public_base
            .join(&format!("media/{}", id.file_name()))
            .expect("a plain relative path")
    }

    fn path(&self, id: &MediaId) -> PathBuf {
        self.inner.dir.join(id.file_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_live_under_the_public_base_path() {
        let id = MediaId::from_file_name("0123456789abcdef0123456789abcdef.jpg").unwrap();
        for base in [
            "https://city.example/huiyin",
            "https://city.example/huiyin/",
        ] {
            let store = MediaStore::new(Path::new("data"), &base.parse().unwrap());
            assert_eq!(
                store.url(&id).as_str(),
                "https://city.example/huiyin/media/0123456789abcdef0123456789abcdef.jpg"
            );
        }
    }
}
