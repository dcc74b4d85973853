//! The description step: the resident says in their own words what is wrong.

use api::Field;
use yew::prelude::*;

use super::{DraftChange, StepProps};
use crate::components::{PageTitle, TextField};
use crate::i18n::I18n;

pub fn description_step(i18n: &I18n, props: &StepProps) -> Html {
    let change = props.change.clone();
    let oninput = Callback::from(move |value: String| {
        change.emit(DraftChange::new(move |d| d.description = value.clone()));
    });
    let heading = i18n.t("file-description-heading");
    html! {
        <>
            <PageTitle title={heading.clone()}>
                <label for="description">{ heading }</label>
            </PageTitle>
            <TextField id="description" multiline=true
                hint={Some(i18n.t_with("file-description-hint",
                    &[("min", api::validation::limits::DESCRIPTION_MIN_CHARS.into())]))}
                error={props.error_for(i18n, &[Field::Description])}
                value={props.draft.description.clone()} {oninput} />
        </>
    }
}
