use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::api_client;
use crate::components::PageTitle;
use crate::i18n::use_i18n;
use crate::service_window::use_clerk_desk;
use crate::storage::my_requests;

#[derive(Properties, PartialEq)]
pub struct WindowReceiptProps {
    pub id: String,
}

/// Paper the receipt is printed on: an office printer's A4 or a receipt printer's 80 mm roll.
#[derive(Clone, Copy, PartialEq)]
enum Paper {
    A4,
    Roll80,
}

/// The receipt the resident takes home: case number, query code, due date, what happens
/// next, and a QR code of the tracking link (drawn by the BFF). Printed on A4 or an 80 mm
/// receipt printer, or shown large for the resident to photograph.
#[function_component]
pub fn WindowReceipt(props: &WindowReceiptProps) -> Html {
    let i18n = use_i18n();
    let desk = use_clerk_desk();
    let paper = use_state(|| Paper::A4);
    let large = use_state(|| false);
    let Some(saved) = my_requests::find(&props.id) else {
        return html! {
            <>
                <PageTitle title={i18n.t("receipt-missing-title")} />
                <p>{ i18n.t("window-receipt-missing") }</p>
            </>
        };
    };
    let tracking_link = desk
        .as_ref()
        .and_then(|d| d.session())
        .map(|s| format!("{}{}", s.tracking_base, saved.case_id))
        .unwrap_or_default();
    let print = Callback::from(|_: MouseEvent| {
        let _ = gloo::utils::window().print();
    });
    let toggle_large = {
        let large = large.clone();
        Callback::from(move |_: MouseEvent| large.set(!*large))
    };
    let choose_paper = {
        let paper = paper.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            paper.set(if value == "80mm" {
                Paper::Roll80
            } else {
                Paper::A4
            });
        })
    };
    let next_resident = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(desk) = &desk {
                desk.next_resident();
            }
        })
    };
    let paper_word = match *paper {
        Paper::A4 => "a4",
        Paper::Roll80 => "80mm",
    };
    html! {
        <>
            <section class={classes!("window-receipt", large.then_some("window-receipt--large"))}
                data-paper={paper_word} aria-labelledby="window-receipt-heading">
                <p class="window-receipt__brand">{ i18n.t("app-name") }{ " · " }{ i18n.t("window-receipt-brand") }</p>
                <PageTitle title={i18n.t("window-receipt-title")}>
                    <span id="window-receipt-heading">{ i18n.t("window-receipt-title") }</span>
                </PageTitle>
                <p class="window-receipt__service">{ &saved.service_name }</p>
                <div class="window-receipt__body">
                    <dl class="receipt">
                        <div class="receipt__row">
                            <dt>{ i18n.t("receipt-case-number") }</dt>
                            <dd><span class="receipt__value" id="receipt-case-id">{ &saved.case_id }</span></dd>
                        </div>
                        <div class="receipt__row">
                            <dt>{ i18n.t("receipt-query-code") }</dt>
                            <dd><span class="receipt__value" id="receipt-query-code">{ &saved.query_code }</span></dd>
                        </div>
                        <div class="receipt__row">
                            <dt>{ i18n.t("receipt-due-date") }</dt>
                            <dd>{ saved.due_date.clone().unwrap_or_else(|| i18n.t("receipt-due-date-unknown")) }</dd>
                        </div>
                    </dl>
                    <figure class="window-receipt__qr">
                        <img src={api_client::case_qr_url(&saved.case_id)} width="240" height="240"
                            alt={i18n.t_with("window-receipt-qr-alt", &[("link", tracking_link.clone().into())])} />
                        <figcaption>
                            { i18n.t("window-receipt-qr-caption") }
                            <span class="window-receipt__link">{ tracking_link.clone() }</span>
                        </figcaption>
                    </figure>
                </div>
                <h2>{ i18n.t("receipt-next-heading") }</h2>
                <ol class="plain-list plain-list--numbered">
                    <li>{ i18n.t("receipt-next-accept") }</li>
                    <li>{ i18n.t("receipt-next-department") }</li>
                    <li>{ i18n.t("receipt-next-answer") }</li>
                    <li>{ i18n.t("receipt-next-rate") }</li>
                </ol>
                <p>{ i18n.t("window-receipt-keep") }</p>
            </section>
            <div class="window-receipt__tools">
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{ i18n.t("window-receipt-paper") }</legend>
                    <div class="choices">
                        <div class="choice">
                            <input class="choice__input" type="radio" id="paper-a4" name="paper" value="a4"
                                checked={*paper == Paper::A4} onchange={choose_paper.clone()} />
                            <label class="choice__label" for="paper-a4">{ i18n.t("window-receipt-paper-a4") }</label>
                        </div>
                        <div class="choice">
                            <input class="choice__input" type="radio" id="paper-80mm" name="paper" value="80mm"
                                checked={*paper == Paper::Roll80} onchange={choose_paper} />
                            <label class="choice__label" for="paper-80mm">{ i18n.t("window-receipt-paper-80mm") }</label>
                        </div>
                    </div>
                </fieldset>
                <div class="button-group">
                    <button type="button" class="button button--primary" onclick={print}>{ i18n.t("window-receipt-print") }</button>
                    <button type="button" class="button button--secondary" aria-pressed={large.to_string()} onclick={toggle_large}>
                        { i18n.t("window-receipt-large") }
                    </button>
                    <button type="button" class="button button--secondary" onclick={next_resident}>{ i18n.t("window-next-resident") }</button>
                </div>
            </div>
        </>
    }
}
