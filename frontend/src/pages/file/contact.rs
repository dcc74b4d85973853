use api::Contact;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::StepProps;
use crate::components::{PageTitle, TextField};
use crate::i18n::use_i18n;
use crate::storage::contact as contact_store;

/// Contact details: all optional. Kept in this tab only, unless the resident asks to
/// remember them on this phone.
#[function_component]
pub fn ContactStep(props: &StepProps) -> Html {
    let i18n = use_i18n();
    let saved = use_state(contact_store::load);
    let (contact, remember) = (*saved).clone();
    let set = {
        let saved = saved.clone();
        move |next: Contact, remember: bool| {
            contact_store::save(&next, remember);
            saved.set((next, remember));
        }
    };
    let field = |update: fn(&mut Contact, Option<String>)| {
        let contact = contact.clone();
        let set = set.clone();
        Callback::from(move |value: String| {
            let mut next = contact.clone();
            update(&mut next, Some(value));
            set(next, remember);
        })
    };
    let on_remember = {
        let contact = contact.clone();
        let set = set.clone();
        Callback::from(move |event: Event| {
            let on = event.target_unchecked_into::<HtmlInputElement>().checked();
            set(contact.clone(), on);
        })
    };
    let heading = i18n.t("file-contact-heading");
    html! {
        <>
            <PageTitle title={heading} />
            <p>{ i18n.t("file-contact-intro") }</p>
            <p>{ i18n.t("file-contact-anonymous") }</p>
            <TextField id="contact-name" label={Some(AttrValue::from(i18n.t("file-contact-name")))}
                autocomplete={Some(AttrValue::Static("name"))}
                error={props.error_for(&i18n, &["contact.first_name", "contact.last_name"])}
                value={contact.first_name.clone().unwrap_or_default()}
                oninput={field(|c, v| c.first_name = v)} />
            <TextField id="contact-phone" label={Some(AttrValue::from(i18n.t("file-contact-phone")))}
                hint={Some(i18n.t("file-contact-phone-hint"))}
                input_type={AttrValue::Static("tel")} inputmode={Some(AttrValue::Static("tel"))}
                autocomplete={Some(AttrValue::Static("tel"))}
                error={props.error_for(&i18n, &["contact.phone"])}
                value={contact.phone.clone().unwrap_or_default()}
                oninput={field(|c, v| c.phone = v)} />
            <TextField id="contact-email" label={Some(AttrValue::from(i18n.t("file-contact-email")))}
                input_type={AttrValue::Static("email")} autocomplete={Some(AttrValue::Static("email"))}
                error={props.error_for(&i18n, &["contact.email"])}
                value={contact.email.clone().unwrap_or_default()}
                oninput={field(|c, v| c.email = v)} />
            <div class="field">
                <div class="choice">
                    <input class="choice__input" type="checkbox" id="contact-remember"
                        aria-describedby="contact-remember-hint"
                        checked={remember} onchange={on_remember} />
                    <label class="choice__label" for="contact-remember">{ i18n.t("file-contact-remember") }</label>
                </div>
                <p id="contact-remember-hint" class="field__hint choice__hint">{ i18n.t("file-contact-remember-hint") }</p>
            </div>
        </>
    }
}
