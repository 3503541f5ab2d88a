//! The meeting mode (`present=1`): the link's deck on a fixed 1920 × 1080 stage, scaled to the
//! screen and letterboxed, turned with the keys a clicker sends.
//!
//! | keys | action |
//! |---|---|
//! | → ← Space PageDown PageUp | next / previous slide |
//! | Home / End | first / last slide |
//! | number + Enter | that slide |
//! | B | black screen |
//! | F | full screen |
//! | Escape | leave the mode |
//!
//! `auto=<seconds>` advances on its own (from the last slide back to the first) until a key is
//! pressed. The cursor and the controls hide after 3 s without a movement. The screen is kept
//! awake where the browser has a Wake Lock.

use super::slide::SlideView;
use crate::browser;
use crate::i18n::{t, Msg};
use crate::state::nav::slide_query;
use crate::state::use_dash;
use kpi_core::deck::{counter, each_district, Deck};
use kpi_core::link::Dimension;
use leptos::prelude::*;
use std::time::Duration;

/// The stage's size: slides are laid out for a 1080p projector and scaled to any other.
pub const STAGE_W: f64 = 1920.0;
pub const STAGE_H: f64 = 1080.0;
/// Controls and cursor hide after this long without a mouse movement.
const IDLE: Duration = Duration::from_secs(3);

#[component]
pub fn Presentation() -> impl IntoView {
    let dash = use_dash();
    let nav = dash.nav;
    let lang = dash.lang;
    let slides = Memo::new(move |_| {
        let deck = nav.link.with(|l| l.deck());
        let selected = nav.link.with(|l| l.selected(Dimension::District).to_vec());
        let districts = dash
            .summary
            .with(|s| s.as_ref().map(|s| each_district(&s.info, &selected)))
            .unwrap_or_default();
        deck.expand(&districts)
    });
    let total = Memo::new(move |_| slides.with(Vec::len));
    let index = Memo::new(move |_| {
        let n = total.get();
        nav.link
            .with(|l| l.slide)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    });
    let go = move |i: usize| {
        let n = total.get_untracked();
        if n > 0 {
            nav.update(true, |l| l.slide = i.min(n - 1) + 1);
        }
    };
    let step = move |forward: bool| {
        let (i, n) = (index.get_untracked(), total.get_untracked());
        if forward {
            go((i + 1).min(n.saturating_sub(1)));
        } else {
            go(i.saturating_sub(1));
        }
    };
    let leave = move || {
        nav.update(true, |l| {
            l.present = false;
            l.slide = 1;
            l.auto = None;
        })
    };

    // The stage's scale: the largest that fits, the rest letterboxed.
    let scale = RwSignal::new(1.0f64);
    let measure = move || {
        let (w, h) = browser::viewport();
        if w > 0.0 && h > 0.0 {
            scale.set((w / STAGE_W).min(h / STAGE_H));
        }
    };
    measure();
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());

    let black = RwSignal::new(false);
    let paused = RwSignal::new(false);
    let digits = RwSignal::new(String::new());
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        // A key press pauses the automatic advance (and is still acted on).
        if nav.link.with_untracked(|l| l.auto.is_some()) {
            paused.set(true);
        }
        let key = ev.key();
        let handled = match key.as_str() {
            "ArrowRight" | "ArrowDown" | " " | "PageDown" | "n" | "N" => {
                step(true);
                true
            }
            "ArrowLeft" | "ArrowUp" | "PageUp" | "p" | "P" => {
                step(false);
                true
            }
            "Home" => {
                go(0);
                true
            }
            "End" => {
                go(total.get_untracked().saturating_sub(1));
                true
            }
            "b" | "B" | "." => {
                black.update(|b| *b = !*b);
                true
            }
            "f" | "F" => {
                browser::toggle_fullscreen();
                true
            }
            "Escape" => {
                leave();
                true
            }
            "Enter" => {
                if let Ok(n) = digits.get_untracked().parse::<usize>() {
                    if n >= 1 {
                        go(n - 1);
                    }
                }
                digits.set(String::new());
                true
            }
            d if d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()) => {
                digits.update(|s| {
                    if s.len() < 4 {
                        s.push_str(d);
                    }
                });
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
        if !(key == "Enter" || key.chars().all(|c| c.is_ascii_digit())) {
            digits.set(String::new());
        }
    });

    // `auto=`: one timer per setting, stopped by a key.
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let secs = nav.link.with(|l| l.auto);
        if let (Some(secs), false) = (secs, paused.get()) {
            let handle = set_interval_with_handle(
                move || {
                    let (i, n) = (index.get_untracked(), total.get_untracked());
                    go(if i + 1 >= n { 0 } else { i + 1 });
                },
                Duration::from_secs(u64::from(secs)),
            );
            timer.set_value(handle.ok());
        }
    });

    // The cursor and the controls hide when the mouse rests.
    let idle = RwSignal::new(false);
    let idle_timer = StoredValue::new_local(None::<TimeoutHandle>);
    let wake = move || {
        idle.set(false);
        if let Some(h) = idle_timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        idle_timer.set_value(set_timeout_with_handle(move || idle.set(true), IDLE).ok());
    };
    wake();
    let moves = window_event_listener(leptos::ev::mousemove, move |_| wake());

    // Keep the screen on while presenting.
    let lock = StoredValue::new_local(None::<wasm_bindgen::JsValue>);
    leptos::task::spawn_local(async move {
        if let Some(sentinel) = browser::wake_lock().await {
            lock.set_value(Some(sentinel));
        }
    });
    on_cleanup(move || {
        resize.remove();
        keys.remove();
        moves.remove();
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if let Some(h) = idle_timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        if let Some(sentinel) = lock.try_update_value(Option::take).flatten() {
            browser::release_wake_lock(&sentinel);
        }
    });

    // The next slide's figures are asked for ahead.
    Effect::new(move |_| {
        let next = slides.with(|s| s.get(index.get() + 1).cloned());
        if let Some(next) = next {
            let q = nav
                .link
                .with_untracked(|l| slide_query(l, next.district.as_deref()));
            dash.prefetch(&q);
        }
    });

    // Printing the deck: every slide laid out off screen, one per A4 page, printed once all have
    // their figures.
    let printing = RwSignal::new(false);
    let print_ready = RwSignal::new(false);
    let start_print = move |_| {
        printing.set(true);
        print_ready.set(false);
        leptos::task::spawn_local(async move {
            loop {
                gloo_timers::future::TimeoutFuture::new(200).await;
                if !printing.get_untracked() {
                    return;
                }
                let (ready, n) = browser::count_ready_slides();
                if n > 0 && ready == n && n as usize == total.get_untracked() {
                    print_ready.set(true);
                    browser::print();
                    return;
                }
            }
        });
    };
    let deck_print = move || {
        printing.get().then(|| {
            let n = total.get();
            let pages = slides
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, s)| view! { <div class="print-page"><SlideView slide=s number=i total=n /></div> })
                .collect_view();
            view! {
                <div class="deck-print" data-testid="deck-print" data-ready=move || print_ready.get().to_string()>
                    {pages}
                </div>
            }
        })
    };

    let slide = move || {
        let i = index.get();
        let s = slides.with(|s| s.get(i).cloned())?;
        Some(view! { <SlideView slide=s number=i total=total.get() /> })
    };
    let spec = move || slides.with(|s| s.get(index.get()).map(|s| s.spec));
    let edit = move |change: fn(&mut Deck, usize)| {
        if let Some(i) = spec() {
            nav.update(false, |l| {
                let mut deck = l.deck();
                change(&mut deck, i);
                l.deck = (!deck.0.is_empty()).then_some(deck);
            });
        }
    };

    view! {
        <div class="present-viewport" class:idle=move || idle.get() data-testid="present">
            <div
                class="stage"
                data-testid="slide"
                style=move || format!(
                    "width:{STAGE_W}px;height:{STAGE_H}px;transform:translate(-50%,-50%) scale({})",
                    scale.get()
                )
            >
                {slide}
            </div>
            {deck_print}
            <Show when=move || black.get()>
                <div class="black" data-testid="black-screen" on:click=move |_| black.set(false)></div>
            </Show>
            <nav class="present-controls" aria-label=move || t(lang.get(), Msg::Present)>
                <button class="button" data-testid="slide-prev" on:click=move |_| step(false)>
                    {move || t(lang.get(), Msg::PreviousSlide)}
                </button>
                <span class="slide-jump" aria-live="polite">
                    {move || {
                        let d = digits.get();
                        if d.is_empty() { counter(index.get(), total.get()) } else { format!("→ {d}") }
                    }}
                </span>
                <button class="button" data-testid="slide-next" on:click=move |_| step(true)>
                    {move || t(lang.get(), Msg::NextSlide)}
                </button>
                <button class="button" on:click=move |_| browser::toggle_fullscreen()>
                    {move || t(lang.get(), Msg::FullScreen)}
                </button>
                <button class="button" on:click=move |_| black.set(true)>
                    {move || t(lang.get(), Msg::BlackScreen)}
                </button>
                <button
                    class="button"
                    data-testid="slide-each-district"
                    on:click=move |_| edit(Deck::toggle_each_district)
                >
                    {move || t(lang.get(), Msg::EachDistrict)}
                </button>
                <button class="button" data-testid="slide-remove" on:click=move |_| edit(Deck::remove)>
                    {move || t(lang.get(), Msg::RemoveSlide)}
                </button>
                <button class="button" data-testid="deck-print-start" on:click=start_print>
                    {move || t(lang.get(), Msg::Print)}
                </button>
                <button class="button" data-testid="deck-reset" on:click=move |_| nav.update(false, |l| l.deck = None)>
                    {move || t(lang.get(), Msg::ResetDeck)}
                </button>
                <button class="button primary" data-testid="present-exit" on:click=move |_| leave()>
                    {move || t(lang.get(), Msg::ExitPresent)}
                </button>
                <Show when=move || paused.get()>
                    <span class="hint">{move || t(lang.get(), Msg::Paused)}</span>
                </Show>
                <span class="hint">{move || t(lang.get(), Msg::SlideKeys)}</span>
            </nav>
        </div>
    }
}
