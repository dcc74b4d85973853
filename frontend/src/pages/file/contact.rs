use api::{Contact, Field};
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
    let at_window = crate::window_mode::active();
    let name_field = html! {
        <TextField id="contact-name" label={Some(AttrValue::from(i18n.t("file-contact-name")))}
                autocomplete={Some(AttrValue::Static("name"))}
                error={props.error_for(&i18n, &[Field::ContactName])}
                value={contact.name.clone().unwrap_or_default()}
                oninput={field(|c, v| c.name = v)} />
    };
    let phone_field = html! {
        <TextField id="contact-phone" label={Some(AttrValue::from(i18n.t("file-contact-phone")))}
                hint={Some(i18n.t("file-contact-phone-hint"))}
                input_type={AttrValue::Static("tel")} inputmode={Some(AttrValue::Static("tel"))}
                autocomplete={Some(AttrValue::Static("tel"))}
                error={props.error_for(&i18n, &[Field::ContactPhone])}
                value={contact.phone.clone().unwrap_or_default()}
                oninput={field(|c, v| c.phone = v)} />
    };
    let email_field = html! {
        <TextField id="contact-email" label={Some(AttrValue::from(i18n.t("file-contact-email")))}
                input_type={AttrValue::Static("email")} autocomplete={Some(AttrValue::Static("email"))}
                error={props.error_for(&i18n, &[Field::ContactEmail])}
                value={contact.email.clone().unwrap_or_default()}
                oninput={field(|c, v| c.email = v)} />
    };
    let heading = i18n.t("file-contact-heading");
    html! {
        <>
            <PageTitle title={heading} />
            <p>{ i18n.t("file-contact-intro") }</p>
            <p>{ i18n.t("file-contact-anonymous") }</p>
            if at_window {
                <MaskedAfterEntry id="contact-name" label={i18n.t("file-contact-name")}
                    masked={contact.name.as_deref().map(api::mask_name).unwrap_or_default()}
                    has_error={props.error_for(&i18n, &[Field::ContactName]).is_some()}>
                    { name_field }
                </MaskedAfterEntry>
                <MaskedAfterEntry id="contact-phone" label={i18n.t("file-contact-phone")}
                    masked={contact.phone.as_deref().filter(|p| !p.trim().is_empty()).map(api::mask_phone).unwrap_or_default()}
                    has_error={props.error_for(&i18n, &[Field::ContactPhone]).is_some()}>
                    { phone_field }
                </MaskedAfterEntry>
                <MaskedAfterEntry id="contact-email" label={i18n.t("file-contact-email")}
                    masked={contact.email.as_deref().filter(|e| !e.trim().is_empty()).map(api::mask_email).unwrap_or_default()}
                    has_error={props.error_for(&i18n, &[Field::ContactEmail]).is_some()}>
                    { email_field }
                </MaskedAfterEntry>
            } else {
                { name_field }
                { phone_field }
                { email_field }
            }
            if !at_window {
            <div class="field">
                <div class="choice">
                    <input class="choice__input" type="checkbox" id="contact-remember"
                        aria-describedby="contact-remember-hint"
                        checked={remember} onchange={on_remember} />
                    <label class="choice__label" for="contact-remember">{ i18n.t("file-contact-remember") }</label>
                </div>
                <p id="contact-remember-hint" class="field__hint choice__hint">{ i18n.t("file-contact-remember-hint") }</p>
            </div>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MaskedAfterEntryProps {
    /// The input's id.
    id: AttrValue,
    label: String,
    /// The value masked; empty when nothing is entered.
    masked: String,
    has_error: bool,
    /// The field itself, shown while entering.
    children: Html,
}

/// At a service window the resident watches the screen, maybe with others behind them: a
/// detail shows in full only while the clerk types it, then masked, with "Change" to edit.
#[function_component]
fn MaskedAfterEntry(props: &MaskedAfterEntryProps) -> Html {
    let i18n = use_i18n();
    let editing = use_state(|| props.masked.is_empty() || props.has_error);
    let refocus = use_mut_ref(|| false);
    {
        let (refocus, id) = (refocus.clone(), props.id.clone());
        use_effect_with(*editing, move |editing| {
            if *editing
                && std::mem::replace(&mut *refocus.borrow_mut(), false)
                && let Some(input) = gloo::utils::document().get_element_by_id(&id)
                && let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(input)
            {
                let _ = input.focus();
            }
        });
    }
    if *editing || props.masked.is_empty() {
        let editing = editing.clone();
        let onfocusout = Callback::from(move |_: FocusEvent| editing.set(false));
        return html! { <div {onfocusout}>{ props.children.clone() }</div> };
    }
    let change = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| {
            *refocus.borrow_mut() = true;
            editing.set(true);
        })
    };
    let value_id = format!("{}-masked", props.id);
    html! {
        <div class="field masked-field">
            <p class="field__label" id={format!("{}-label", props.id)}>{ &props.label }</p>
            <p class="masked-field__value" id={value_id}>{ &props.masked }</p>
            <button type="button" class="button button--secondary" onclick={change}>
                { i18n.t("file-change") }<span class="visually-hidden">{ format!(" {}", props.label) }</span>
            </button>
        </div>
    }
}
