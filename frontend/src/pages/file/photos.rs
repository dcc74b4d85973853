use api::Field;
use api::validation::limits::MEDIA_MAX_COUNT;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{DraftChange, StepProps};
use crate::api_client::{self, ClientError};
use crate::components::{PageTitle, error_text};
use crate::hooks::use_announcer;
use crate::i18n::use_i18n;
use crate::storage::drafts::Photo;

/// A photo on its way to the BFF.
#[derive(Clone, Debug, PartialEq)]
struct Upload {
    id: u32,
    name: String,
    /// A `blob:` address of the picked file, for its preview.
    preview: String,
    percent: u8,
    failed: Option<ClientError>,
    /// Kept until the upload succeeds, so that a failed one can be sent again.
    file: web_sys::File,
}

/// Optional photos: pick or take them, see them, remove them; each is uploaded at once,
/// with its progress shown, and only its address goes into the draft.
#[function_component]
pub fn PhotosStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let uploads = use_reducer(Uploads::default);
    let room = MEDIA_MAX_COUNT.saturating_sub(props.draft.photos.len() + uploads.0.len());
    let onchange = {
        let uploads = uploads.clone();
        let change = props.change.clone();
        let i18n = i18n.clone();
        let announcer = announcer.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(files) = input.files() else { return };
            let picked: Vec<web_sys::File> =
                (0..files.length()).filter_map(|i| files.get(i)).collect();
            // The same file may be picked again after an error.
            input.set_value("");
            if picked.len() > room {
                announcer.announce_assertive(i18n.t("file-photos-too-many"));
            }
            for file in picked.into_iter().take(room) {
                start_upload(
                    file,
                    uploads.clone(),
                    change.clone(),
                    i18n.clone(),
                    announcer.clone(),
                );
            }
        })
    };
    let heading = i18n.t("file-photos-heading");
    let error = props.error_for(&i18n, &[Field::Media]);
    html! {
        <>
            <PageTitle title={heading} />
            <p>{ i18n.t("file-photos-intro") }</p>
            if !props.draft.photos.is_empty() || !uploads.0.is_empty() {
                <ul class="photo-list">
                    { for props.draft.photos.iter().enumerate().map(|(index, photo)| {
                        let number = index + 1;
                        let id = photo.id.clone();
                        let change = props.change.clone();
                        let announcer = announcer.clone();
                        let removed = i18n.t_with("file-photo-removed", &[("number", number.into())]);
                        let remove = Callback::from(move |_: MouseEvent| {
                            let id = id.clone();
                            change.emit(DraftChange::new(move |d| d.photos.retain(|p| p.id != id)));
                            announcer.announce_polite(removed.clone());
                        });
                        html! {
                            <li class="photo">
                                <img class="photo__image" src={format!("/media/{}.jpg", photo.id)}
                                    alt={i18n.t_with("file-photo-alt", &[("number", number.into())])} />
                                <button type="button" class="button button--secondary" onclick={remove}>
                                    { i18n.t_with("file-photo-remove", &[("number", number.into())]) }
                                </button>
                            </li>
                        }
                    }) }
                    { for uploads.0.iter().map(|upload| {
                        let id = upload.id;
                        let dismiss = {
                            let uploads = uploads.clone();
                            Callback::from(move |_: MouseEvent| uploads.dispatch(UploadEvent::Finished(id)))
                        };
                        let retry = {
                            let sending = Sending {
                                id,
                                file: upload.file.clone(),
                                name: upload.name.clone(),
                                uploads: uploads.clone(),
                                change: props.change.clone(),
                                i18n: i18n.clone(),
                                announcer: announcer.clone(),
                            };
                            Callback::from(move |_: MouseEvent| {
                                sending.uploads.dispatch(UploadEvent::Retried(id));
                                sending.clone().send();
                            })
                        };
                        let name = |key: &str| i18n.t_with(key, &[("name", upload.name.clone().into())]);
                        let label = name("file-photo-uploading");
                        html! {
                            <li class="photo photo--uploading">
                                <img class="photo__image" src={upload.preview.clone()} alt={upload.name.clone()} />
                                if let Some(error) = &upload.failed {
                                    <p class="field__error" id={format!("upload-{id}-error")}>
                                        { name("file-photo-failed") }{ " " }{ error_text(&i18n, error) }
                                    </p>
                                    <div class="button-group">
                                        <button type="button" class="button" onclick={retry}
                                            aria-describedby={format!("upload-{id}-error")}>
                                            { name("file-photo-retry") }
                                        </button>
                                        <button type="button" class="button button--secondary" onclick={dismiss}>
                                            { name("file-photo-dismiss") }
                                        </button>
                                    </div>
                                } else {
                                    <label class="photo__progress" for={format!("upload-{id}")}>{ label.clone() }</label>
                                    <progress id={format!("upload-{id}")} max="100" value={upload.percent.to_string()}>
                                        { format!("{}%", upload.percent) }
                                    </progress>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            <div class={classes!("field", error.as_ref().map(|_| "field--error"))}>
                if let Some(error) = error.clone() {
                    <p id="photos-error" class="field__error">
                        <span class="visually-hidden">{ i18n.t("journey-error-prefix") }</span>{ error }
                    </p>
                }
                if room > 0 {
                    <label class="field__label" for="photos">{ i18n.t("file-photos-pick") }</label>
                    <input class="file-picker" type="file" id="photos" multiple={true}
                        accept="image/jpeg,image/png,image/webp" aria-describedby="photos-hint" {onchange} />
                    <p id="photos-hint" class="field__hint">
                        { i18n.t_with("file-photos-hint", &[("count", MEDIA_MAX_COUNT.into())]) }
                    </p>
                } else {
                    <p class="field__hint">{ i18n.t_with("file-photos-full", &[("count", MEDIA_MAX_COUNT.into())]) }</p>
                }
            </div>
        </>
    }
}

thread_local! {
    static NEXT_UPLOAD: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

#[derive(Default, PartialEq)]
struct Uploads(Vec<Upload>);

enum UploadEvent {
    Started(Upload),
    Progress(u32, u8),
    Failed(u32, ClientError),
    /// A failed upload is sent again.
    Retried(u32),
    Finished(u32),
}

impl Reducible for Uploads {
    type Action = UploadEvent;

    fn reduce(self: std::rc::Rc<Self>, event: UploadEvent) -> std::rc::Rc<Self> {
        let mut uploads = self.0.clone();
        match event {
            UploadEvent::Started(upload) => uploads.push(upload),
            UploadEvent::Progress(id, percent) => {
                if let Some(u) = uploads.iter_mut().find(|u| u.id == id) {
                    u.percent = percent;
                }
            }
            UploadEvent::Failed(id, error) => {
                if let Some(u) = uploads.iter_mut().find(|u| u.id == id) {
                    u.failed = Some(error);
                }
            }
            UploadEvent::Retried(id) => {
                if let Some(u) = uploads.iter_mut().find(|u| u.id == id) {
                    u.failed = None;
                    u.percent = 0;
                }
            }
            UploadEvent::Finished(id) => {
                if let Some(u) = uploads.iter().find(|u| u.id == id) {
                    let _ = web_sys::Url::revoke_object_url(&u.preview);
                }
                uploads.retain(|u| u.id != id);
            }
        }
        std::rc::Rc::new(Uploads(uploads))
    }
}

fn start_upload(
    file: web_sys::File,
    uploads: UseReducerHandle<Uploads>,
    change: Callback<DraftChange>,
    i18n: crate::i18n::I18n,
    announcer: crate::hooks::LiveAnnouncer,
) {
    let id = NEXT_UPLOAD.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
    let name = file.name();
    uploads.dispatch(UploadEvent::Started(Upload {
        id,
        name: name.clone(),
        preview,
        percent: 0,
        failed: None,
        file: file.clone(),
    }));
    Sending {
        id,
        file,
        name,
        uploads,
        change,
        i18n,
        announcer,
    }
    .send();
}

/// One upload on its way, first time or again after a failure.
#[derive(Clone)]
struct Sending {
    id: u32,
    file: web_sys::File,
    name: String,
    uploads: UseReducerHandle<Uploads>,
    change: Callback<DraftChange>,
    i18n: crate::i18n::I18n,
    announcer: crate::hooks::LiveAnnouncer,
}

impl Sending {
    fn send(self) {
        let Sending {
            id,
            file,
            name,
            uploads,
            change,
            i18n,
            announcer,
        } = self;
        let progress = {
            let uploads = uploads.clone();
            Callback::from(move |percent: u8| uploads.dispatch(UploadEvent::Progress(id, percent)))
        };
        wasm_bindgen_futures::spawn_local(async move {
            match api_client::upload_photo(file, progress).await {
                Ok(stored) => {
                    let photo = Photo {
                        id: stored.id,
                        url: stored.url,
                    };
                    change.emit(DraftChange::new(move |d| {
                        if !d.photos.iter().any(|p| p.id == photo.id) {
                            d.photos.push(photo.clone());
                        }
                    }));
                    uploads.dispatch(UploadEvent::Finished(id));
                    announcer.announce_polite(
                        i18n.t_with("file-photo-uploaded", &[("name", name.into())]),
                    );
                }
                Err(error) => {
                    let failed = i18n.t_with("file-photo-failed", &[("name", name.into())]);
                    announcer.announce_assertive(format!("{failed} {}", error_text(&i18n, &error)));
                    uploads.dispatch(UploadEvent::Failed(id, error));
                }
            }
        });
    }
}
