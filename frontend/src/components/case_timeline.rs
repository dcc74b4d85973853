use api::{CaseEvent, CaseView, EventKind, Stage};
use yew::prelude::*;

use crate::i18n::{I18n, use_i18n};

#[derive(Properties, PartialEq)]
pub struct CaseTimelineProps {
    pub view: CaseView,
}

/// The case's history, oldest first, as an ordered list; the step the case is at now is
/// marked `aria-current="step"`.
#[function_component]
pub fn CaseTimeline(props: &CaseTimelineProps) -> Html {
    let i18n = use_i18n();
    let view = &props.view;
    let current = view
        .events
        .iter()
        .rposition(|e| e.stage == Some(view.stage));
    let lang = AttrValue::Static(i18n.locale().tag());
    html! {
        <ol class="timeline">
            { for view.events.iter().enumerate().map(|(index, event)| {
                let is_current = Some(index) == current;
                html! {
                    <li class={classes!("timeline__event", is_current.then_some("timeline__event--current"))}
                        aria-current={is_current.then_some("step")}>
                        <p class="timeline__stage">{ event_name(&i18n, event) }</p>
                        <p class="timeline__meta">
                            <time datetime={event.at.clone()}>{ display_time(&event.at) }</time>
                            if let Some(department) = &event.department {
                                { " · " }<span lang={lang.clone()}>{ department }</span>
                            }
                        </p>
                        if let Some(note) = &event.note {
                            <p class="timeline__note" lang={lang.clone()}>{ note }</p>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}

/// What happened: the stage the case moved to, or what the resident did ("You added
/// information"), not the stage it happened at.
pub fn event_name(i18n: &I18n, event: &CaseEvent) -> String {
    match (event.kind, event.stage) {
        (EventKind::Stage, Some(stage)) => stage_name(i18n, stage),
        (EventKind::Stage, None) => i18n.t("case-event-update"),
        (kind, _) => i18n.t(&format!("case-event-{}", kind.token())),
    }
}

pub fn stage_name(i18n: &I18n, stage: Stage) -> String {
    i18n.t(&format!("stage-{}", stage.token()))
}

/// `2026-11-28T09:30:00+08:00` → `2026-11-28 09:30`: the time as the city's system gives
/// it (Beijing time), without seconds.
pub fn display_time(at: &str) -> String {
    let date: String = at.chars().take(10).collect();
    let time: String = at.chars().skip(11).take(5).collect();
    if time.len() == 5 {
        format!("{date} {time}")
    } else {
        date
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_drop_seconds_and_offset() {
        assert_eq!(
            super::display_time("2026-11-28T09:30:15+08:00"),
            "2026-11-28 09:30"
        );
        assert_eq!(super::display_time("2026-11-28"), "2026-11-28");
    }
}
