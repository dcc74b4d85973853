use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use tokio::sync::Semaphore;
use url::Url;

use super::MediaId;
use super::photo::{self, PhotoError};

/// Photos on disk, and their public URLs. An upload waits in `<data_dir>/media/pending/`
/// until a request that names it is filed, which moves it to `<data_dir>/media/`, where it
/// stays for the city's system to fetch. A photo no request ever named (the resident gave
/// up, or removed it) is a resident's picture kept for no purpose: [`MediaStore::sweep`]
/// deletes it once it is older than the retention period.
#[derive(Clone)]
pub struct MediaStore {
    inner: Arc<Inner>,
}

struct Inner {
    /// Where the photos' bytes are kept: this instance's disk, or PostgreSQL for all.
    kept: Arc<dyn PhotoBytes>,
    /// `<public URL>/media/`: every photo's address starts with it.
    media_base: Url,
    /// One permit per decode at a time (`--photo-decodes`): each holds up to
    /// [`super::DECODE_BUDGET_BYTES`] of pixels, so memory stays bounded however many
    /// residents upload at once.
    decoding: Semaphore,
    /// Decodes plus uploads allowed to wait for one (`--photo-queue`); a waiting upload
    /// holds its body, so past this the upload is refused at once.
    admitted: Semaphore,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error("writing the photo: {0}")]
    Storage(#[from] std::io::Error),
    #[error("every decode slot and its queue are taken")]
    Busy,
}

/// How many photos are decoded at once, and how many more may wait.
#[derive(Clone, Copy, Debug)]
pub struct Decoding {
    pub at_once: usize,
    pub waiting: usize,
}

impl Default for Decoding {
    fn default() -> Decoding {
        Decoding {
            at_once: 2,
            waiting: 8,
        }
    }
}

impl MediaStore {
    /// `public_url` is the site's address as the city's system reaches it.
    pub fn new(data_dir: &Path, public_url: &Url) -> MediaStore {
        MediaStore::with_decoding(data_dir, public_url, Decoding::default())
    }

    pub fn with_decoding(data_dir: &Path, public_url: &Url, decoding: Decoding) -> MediaStore {
        MediaStore::kept_in(Arc::new(DiskPhotos::new(data_dir)), public_url, decoding)
    }

    pub fn kept_in(kept: Arc<dyn PhotoBytes>, public_url: &Url, decoding: Decoding) -> MediaStore {
        let mut public_base = public_url.clone();
        if !public_base.path().ends_with('/') {
            let path = format!("{}/", public_base.path());
            public_base.set_path(&path);
        }
        MediaStore {
            inner: Arc::new(Inner {
                kept,
                media_base: public_base.join("media/").expect("a plain relative path"),
                decoding: Semaphore::new(decoding.at_once),
                admitted: Semaphore::new(decoding.at_once + decoding.waiting),
            }),
        }
    }

    /// Checks, cleans and keeps an upload; answers its new id.
    pub async fn save(&self, upload: Bytes) -> Result<MediaId, SaveError> {
        let jpeg = {
            let _admitted = self
                .inner
                .admitted
                .try_acquire()
                .map_err(|_| SaveError::Busy)?;
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
        self.inner.kept.put(&id, jpeg).await?;
        Ok(id)
    }

    /// A photo, attached or still waiting for its request.
    pub async fn read(&self, id: &MediaId) -> std::io::Result<Vec<u8>> {
        self.inner.kept.read(id).await
    }

    /// Keeps the photo behind `url` for good, as a request names it. Called before the
    /// request goes upstream (a photo kept for a request that then fails is the lesser
    /// harm than a case whose photo is swept away). Idempotent: a retry finds it kept.
    pub async fn attach(&self, url: &str) -> std::io::Result<Attached> {
        let Some(id) = self.own_id(url) else {
            return Ok(Attached::NotOurs);
        };
        Ok(if self.inner.kept.attach(&id).await? {
            Attached::Kept
        } else {
            Attached::Missing
        })
    }

    /// Deletes uploads that no request named within `retention` (and half-written ones
    /// left by a crash); answers how many went. Attached photos are never touched.
    pub async fn sweep(&self, retention: Duration) -> std::io::Result<usize> {
        self.inner.kept.sweep(retention).await
    }

    /// Whether `url` is one of this store's photo addresses (`<public URL>/media/<id>.jpg`).
    pub fn is_ours(&self, url: &str) -> bool {
        self.own_id(url).is_some()
    }

    /// The id in `url` when it is one of this store's photo addresses.
    fn own_id(&self, url: &str) -> Option<MediaId> {
        let name = url.strip_prefix(self.inner.media_base.as_str())?;
        MediaId::from_file_name(name)
    }

    /// The absolute URL the city's system fetches the photo from (`media_url`).
    pub fn url(&self, id: &MediaId) -> Url {
        self.inner
            .media_base
            .join(&id.file_name())
            .expect("a plain file name")
    }
}

/// Where photos' bytes are kept. A photo is `pending` from upload until a request names it
/// (`attach`), then kept for good; `sweep` deletes pending ones older than the retention.
#[async_trait::async_trait]
pub trait PhotoBytes: Send + Sync + 'static {
    async fn put(&self, id: &MediaId, jpeg: Vec<u8>) -> std::io::Result<()>;
    /// `NotFound` when there is no such photo.
    async fn read(&self, id: &MediaId) -> std::io::Result<Vec<u8>>;
    /// Kept for good; `false` when there is no such photo. Idempotent.
    async fn attach(&self, id: &MediaId) -> std::io::Result<bool>;
    async fn sweep(&self, retention: Duration) -> std::io::Result<usize>;
}

/// Photos on this instance's disk: uploads in `<data_dir>/media/pending/`, attached ones in
/// `<data_dir>/media/`.
pub struct DiskPhotos {
    dir: PathBuf,
    pending: PathBuf,
}

impl DiskPhotos {
    pub fn new(data_dir: &Path) -> DiskPhotos {
        DiskPhotos {
            dir: data_dir.join("media"),
            pending: data_dir.join("media").join("pending"),
        }
    }

    fn path(&self, id: &MediaId) -> PathBuf {
        self.dir.join(id.file_name())
    }

    fn pending_path(&self, id: &MediaId) -> PathBuf {
        self.pending.join(id.file_name())
    }
}

#[async_trait::async_trait]
impl PhotoBytes for DiskPhotos {
    async fn put(&self, id: &MediaId, jpeg: Vec<u8>) -> std::io::Result<()> {
        tokio::fs::create_dir_all(&self.pending).await?;
        // Written aside then renamed, so a reader never sees half a photo.
        let partial = self.pending.join(format!("{}.part", id.as_str()));
        tokio::fs::write(&partial, &jpeg).await?;
        tokio::fs::rename(&partial, self.pending_path(id)).await
    }

    async fn read(&self, id: &MediaId) -> std::io::Result<Vec<u8>> {
        match tokio::fs::read(self.path(id)).await {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tokio::fs::read(self.pending_path(id)).await
            }
            found => found,
        }
    }

    async fn attach(&self, id: &MediaId) -> std::io::Result<bool> {
        match tokio::fs::rename(self.pending_path(id), self.path(id)).await {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                tokio::fs::try_exists(self.path(id)).await
            }
            Err(error) => Err(error),
        }
    }

    async fn sweep(&self, retention: Duration) -> std::io::Result<usize> {
        let dir = self.pending.clone();
        tokio::task::spawn_blocking(move || sweep_dir(&dir, retention))
            .await
            .expect("the sweep does not panic")
    }
}

/// What [`MediaStore::attach`] found behind a request's photo address.
#[derive(Debug, PartialEq, Eq)]
pub enum Attached {
    /// One of ours, now kept.
    Kept,
    /// One of ours, but gone: swept after its retention period, or never uploaded here.
    Missing,
    /// Not one of our addresses: refused (`not_our_photo`), never sent upstream.
    NotOurs,
}

fn sweep_dir(dir: &Path, retention: Duration) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries {
        let entry = entry?;
        let metadata = entry.metadata()?;
        let age = now.duration_since(metadata.modified()?).unwrap_or_default();
        if metadata.is_file() && age >= retention {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                // Attached (moved away) between the listing and now.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Bytes {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(4, 4, image::Rgb([10, 20, 30]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png.into()
    }

    /// The same test on every store: this instance's disk, and PostgreSQL when the run has
    /// one (`HUIYIN_TEST_DATABASE_URL`).
    async fn stores(data: &Path) -> Vec<MediaStore> {
        let base: Url = "https://city.example/".parse().unwrap();
        let mut stores = vec![MediaStore::new(data, &base)];
        if let Some(url) = crate::postgres::testing::fresh_database().await {
            let db = crate::postgres::Postgres::connect(&url).await.unwrap();
            stores.push(MediaStore::kept_in(
                Arc::new(crate::postgres::PgPhotos::new(db)),
                &base,
                Decoding::default(),
            ));
        }
        stores
    }

    #[tokio::test]
    async fn an_upload_waits_until_a_request_names_it_and_is_swept_if_none_does() {
        let data = tempfile::TempDir::new().unwrap();
        for store in stores(data.path()).await {
            let named = store.save(png()).await.unwrap();
            let forgotten = store.save(png()).await.unwrap();
            assert!(store.read(&named).await.is_ok(), "served while it waits");

            let url = store.url(&named);
            assert_eq!(store.attach(url.as_str()).await.unwrap(), Attached::Kept);
            assert_eq!(
                store.attach(url.as_str()).await.unwrap(),
                Attached::Kept,
                "a retry of the same request"
            );
            assert_eq!(
                store
                    .attach("https://elsewhere.example/media/0123456789abcdef0123456789abcdef.jpg")
                    .await
                    .unwrap(),
                Attached::NotOurs
            );

            assert_eq!(
                store.sweep(Duration::from_secs(3600)).await.unwrap(),
                0,
                "too young"
            );
            assert_eq!(store.sweep(Duration::ZERO).await.unwrap(), 1);
            assert!(store.read(&named).await.is_ok(), "an attached photo stays");
            assert!(
                store.read(&forgotten).await.is_err(),
                "the unnamed one is gone"
            );
            assert_eq!(
                store.attach(store.url(&forgotten).as_str()).await.unwrap(),
                Attached::Missing
            );
        }
    }

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
