//! The worker's helper: a second instance of the worker binary that makes EASE's half of
//! the recommendations' models ([`EaseJob`]) while the worker makes the rest, over a
//! `MessageChannel` the page sets up (see `client.rs`). Both halves take about as long,
//! so the models are ready in a little over half the time on two cores.
//!
//! In the worker, a `Recommend` request that needs new models asks the helper, makes its
//! own half, and then waits for the answer without blocking: requests that arrive
//! meanwhile are queued and run, in order, once it is answered. If the helper fails (it
//! panicked, or the page reports it died), the worker makes EASE's half itself, so the
//! answer is the same, only later.

use super::recs::answer_recommended;
use super::{handle_data, post, Clock, PREPARED};
use crate::protocol::{decode, encode, EaseAnswer, EaseAsk, EaseAskRef, HelperFigures};
use crate::protocol::{RequestId, Response, StageTiming};
use crate::web::js::{buffer_of, bytes_of, now_ms, JsError, JsResult};
use segwork_core::pipeline::{ease_models, recommendations_joined, EaseJob, MainModels};
use segwork_core::{AnalysisParams, Progress};
use std::cell::RefCell;
use std::collections::VecDeque;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, MessagePort};

/// A `Recommend` request waiting for the helper's half.
struct Pending {
    id: RequestId,
    params: AnalysisParams,
    main: MainModels,
    clock: Clock,
    /// When the worker's own half was done.
    main_done: f64,
}

thread_local! {
    /// The port to the helper (in the worker) or to the worker (in the helper).
    static PORT: RefCell<Option<MessagePort>> = const { RefCell::new(None) };
    static IS_HELPER: RefCell<bool> = const { RefCell::new(false) };
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// Messages from the page that arrived while a request was pending.
    static WAITING: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
}

/// What the page's start-up message made this instance: the page sets `segworkRole`
/// ("main" or "helper") and `segworkPort` before the wasm starts.
pub(super) fn attach() -> bool {
    let global = js_sys::global();
    let get = |name: &str| js_sys::Reflect::get(&global, &name.into()).ok();
    let role = get("segworkRole").and_then(|r| r.as_string());
    let Some(port) = get("segworkPort").and_then(|p| p.dyn_into::<MessagePort>().ok()) else {
        return false;
    };
    let helper = role.as_deref() == Some("helper");
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if helper {
            serve(e.data());
        } else {
            on_answer(e.data());
        }
    });
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // It lives as long as the worker: leak it on purpose.
    on_message.forget();
    PORT.with(|p| *p.borrow_mut() = Some(port));
    IS_HELPER.with(|h| *h.borrow_mut() = helper);
    helper
}

/// Whether this instance is a helper (then a panic is reported over the port).
pub(super) fn is_helper() -> bool {
    IS_HELPER.with(|h| *h.borrow())
}

/// Whether a request is waiting for the helper: the page's messages queue meanwhile.
pub(super) fn busy() -> bool {
    PENDING.with(|p| p.borrow().is_some())
}

pub(super) fn queue(data: JsValue) {
    WAITING.with(|w| w.borrow_mut().push_back(data));
}

fn post_port(bytes: &[u8]) -> JsResult<()> {
    let port = PORT
        .with(|p| p.borrow().clone())
        .ok_or_else(|| JsError::missing("the helper's port"))?;
    let buffer = buffer_of(bytes);
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"msg".into(), &buffer)?;
    port.post_message_with_transferable(&message, &js_sys::Array::of1(&buffer))?;
    Ok(())
}

/// In the worker: hands EASE's half of `job` to the helper; false when there is none or
/// it could not be asked.
pub(super) fn ask(id: RequestId, job: &EaseJob<'_>) -> bool {
    if PORT.with(|p| p.borrow().is_none()) {
        return false;
    }
    let ask = EaseAskRef {
        id,
        ledger: job.ledger,
        params: &job.params,
    };
    match encode(&ask)
        .map_err(JsError::from)
        .and_then(|b| post_port(&b))
    {
        Ok(()) => true,
        Err(e) => {
            web_sys::console::error_1(&format!("could not ask the helper: {e}").into());
            lost();
            false
        }
    }
}

/// In the worker: waits for the helper's half of `main`'s models.
pub(super) fn wait(id: RequestId, params: AnalysisParams, main: MainModels, clock: Clock) {
    let main_done = now_ms();
    let pending = Pending {
        id,
        params,
        main,
        clock,
        main_done,
    };
    PENDING.with(|p| *p.borrow_mut() = Some(pending));
}

/// In the worker: the helper is gone (the page saw it die). A pending request is
/// finished without it.
pub(super) fn lost() {
    PORT.with(|p| p.borrow_mut().take());
    if let Some(pending) = PENDING.with(|p| p.borrow_mut().take()) {
        finish(pending, None);
    }
}

/// In the worker: the helper's answer.
fn on_answer(data: JsValue) {
    let answer = super::field(&data, "msg")
        .and_then(|b| Ok(decode::<EaseAnswer>(&bytes_of(&b))?))
        .unwrap_or_else(|e| EaseAnswer::Failed {
            id: None,
            message: format!("unreadable answer: {e}"),
        });
    let id = match &answer {
        EaseAnswer::Made { id, .. } => Some(*id),
        EaseAnswer::Failed { id, .. } => *id,
    };
    let pending = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match (&answer, p.as_ref()) {
            // A failure without an id is about whatever is pending.
            (_, Some(pending)) if id.is_none_or(|id| id == pending.id) => p.take(),
            _ => None,
        }
    });
    if let EaseAnswer::Failed { message, .. } = &answer {
        web_sys::console::error_1(&format!("the helper failed: {message}").into());
        PORT.with(|p| p.borrow_mut().take());
    }
    if let Some(pending) = pending {
        finish(pending, Some(answer));
    }
}

/// Joins both halves (making EASE's here when the helper did not), answers the page, and
/// runs the messages that waited meanwhile.
fn finish(pending: Pending, answer: Option<EaseAnswer>) {
    let Pending {
        id,
        params,
        main,
        clock,
        main_done,
    } = pending;
    let (made, helper) = match answer {
        Some(EaseAnswer::Made {
            models,
            wasm_memory_bytes,
            timings,
            busy_ms,
            ..
        }) => {
            let figures = HelperFigures {
                wait_ms: now_ms() - main_done,
                busy_ms,
                timings,
                wasm_memory_bytes,
            };
            (Some(*models), Some(figures))
        }
        _ => (None, None),
    };
    super::CURRENT.with(|c| c.set(Some(id)));
    let result = PREPARED.with(|p| {
        p.borrow().as_ref().map(|prepared| {
            let ease = match made {
                Some(models) => models,
                None => ease_models(prepared.ledger()?, &params.backtest, &mut |_| {})?,
            };
            recommendations_joined(prepared, &params, main, ease)
        })
    });
    post(&answer_recommended(id, result, &clock, helper), None);
    super::CURRENT.with(|c| c.set(None));
    while !busy() {
        let Some(data) = WAITING.with(|w| w.borrow_mut().pop_front()) else {
            break;
        };
        handle_data(data);
    }
}

/// In the helper: makes EASE's half of the models asked for and answers.
fn serve(data: JsValue) {
    let started = now_ms();
    let answer =
        match super::field(&data, "msg").and_then(|b| Ok(decode::<EaseAsk>(&bytes_of(&b))?)) {
            Ok(ask) => make(&ask, started),
            Err(e) => EaseAnswer::Failed {
                id: None,
                message: format!("unreadable request: {e}"),
            },
        };
    answer_helper(&answer);
}

/// In the helper: EASE's half of the models, timed from `started` (the request read).
fn make(ask: &EaseAsk, started: f64) -> EaseAnswer {
    CURRENT_ASK.with(|c| *c.borrow_mut() = Some(ask.id));
    let mut timings = Vec::new();
    let mut stage_started = now_ms();
    let made = ease_models(&ask.ledger, &ask.params, &mut |e| match e {
        Progress::Started(_) => stage_started = now_ms(),
        Progress::Finished(stage) => timings.push(StageTiming {
            stage,
            ms: now_ms() - stage_started,
        }),
        Progress::Within(..) => {}
    });
    match made {
        Ok(models) => EaseAnswer::Made {
            id: ask.id,
            models: Box::new(models),
            wasm_memory_bytes: super::wasm_memory_bytes(),
            timings,
            busy_ms: now_ms() - started,
        },
        Err(e) => EaseAnswer::Failed {
            id: Some(ask.id),
            message: e.to_string(),
        },
    }
}

thread_local! {
    /// In the helper: the request being served, for a panic's answer.
    static CURRENT_ASK: RefCell<Option<RequestId>> = const { RefCell::new(None) };
}

fn answer_helper(answer: &EaseAnswer) {
    let sent = encode(answer)
        .map_err(JsError::from)
        .and_then(|b| post_port(&b));
    if let Err(e) = sent {
        web_sys::console::error_1(&format!("the helper could not answer: {e}").into());
    }
}

/// In the helper: a panic, reported to the worker, which then makes the half itself.
pub(super) fn panicked(message: String) {
    let id = CURRENT_ASK.with(|c| *c.borrow());
    answer_helper(&EaseAnswer::Failed { id, message });
}

/// Whether `data` is the page's notice that the helper died.
pub(super) fn is_lost_notice(data: &JsValue) -> bool {
    js_sys::Reflect::get(data, &"helperLost".into()).is_ok_and(|v| v.is_truthy())
}

/// A `Recommend` request's answer now, or None when it waits for the helper.
pub(super) fn recommend(id: RequestId, params: &AnalysisParams) -> Option<Response> {
    let mut clock = Clock::new(id);
    let main = PREPARED.with(|p| {
        let p = p.borrow();
        let job = EaseJob::of(p.as_ref()?, params).ok().flatten()?;
        ask(id, &job).then(|| job.main_models(&mut |e| clock.on(e)))
    });
    match main {
        None => Some(super::recs::recommend_now(id, params, clock)),
        Some(Err(e)) => Some(super::failed(id, e)),
        Some(Ok(main)) => {
            wait(id, params.clone(), main, clock);
            None
        }
    }
}
