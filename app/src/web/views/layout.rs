//! How the file was read: its recognised layout, which the user can change, and the
//! day/month order of its dates, which the user can switch when the file never settled it.

use crate::web::session;
use crate::web::state::Workbench;
use leptos::prelude::*;
use segwork_core::load::{DateReading, DayOrder, LoadSummary, Preset};

fn order_name(order: DayOrder) -> &'static str {
    match order {
        DayOrder::DayFirst => "day first (31/12/2023)",
        DayOrder::MonthFirst => "month first (12/31/2023)",
    }
}

fn other(order: DayOrder) -> DayOrder {
    match order {
        DayOrder::DayFirst => DayOrder::MonthFirst,
        DayOrder::MonthFirst => DayOrder::DayFirst,
    }
}

/// The recognised layout, as a choice: another layout reads the file again.
#[component]
pub fn LayoutChoice(load: LoadSummary) -> impl IntoView {
    let wb = Workbench::get();
    let options = Preset::ALL
        .into_iter()
        .map(|p| view! { <option value=p.name() selected=p == load.preset>{p.label()}</option> })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        if let Ok(preset) = event_target_value(&ev).parse::<Preset>() {
            session::reread(wb, |o| o.preset = Some(preset));
        }
    };
    view! {
        <p class="recognised" data-testid="recognised-as">
            <label for="layout-choice">"Recognised as: "</label>
            <select id="layout-choice" on:change=change>{options}</select>
        </p>
        <DateOrderNote dates=load.dates/>
        {load.time_of_day_note().map(|n| view! { <p class="time-of-day" data-testid="time-of-day">{n}</p> })}
        <AbsentNote load=load/>
    }
}

/// The fields the file lacks, each with what stands in for it or what is skipped.
#[component]
fn AbsentNote(load: LoadSummary) -> impl IntoView {
    let notes = segwork_core::load::consequences(&load.absent);
    (!notes.is_empty()).then(|| {
        let items = notes
            .into_iter()
            .map(|n| view! { <li>{n}</li> })
            .collect_view();
        view! { <ul class="absent" data-testid="absent-fields">{items}</ul> }
    })
}

/// Says how dates such as 1/2/2023 were read; when the file did not settle it, offers the
/// other order.
#[component]
fn DateOrderNote(dates: DateReading) -> impl IntoView {
    let wb = Workbench::get();
    let order = dates.order?;
    let how = if dates.settled {
        "settled by the file's own dates"
    } else {
        "assumed: no date in the file settles it"
    };
    let switch = (!dates.settled).then(|| {
        let to = other(order);
        view! {
            <button type="button" data-testid="switch-day-order"
                on:click=move |_| session::reread(wb, |o| o.day_order = Some(to))>
                {format!("Read them {} instead", order_name(to))}
            </button>
        }
    });
    Some(view! {
        <p class="date-order" data-testid="date-order">
            {format!("Dates such as 1/2/2023 were read {} ({how}). ", order_name(order))}
            {switch}
        </p>
    })
}
