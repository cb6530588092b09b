//! The page's handle on the worker: starts it (and its helper, see `client/helper.rs`),
//! queues requests until it is ready, decodes its answers, and replaces both after a
//! crash or a cancel.
//!
//! The worker's code is fetched and compiled once, when the page loads: its JavaScript
//! glue as text and its wasm as a `WebAssembly.Module`. Each worker is then started from a
//! blob script made of that glue, and receives the compiled module in its first message.
//! So replacing a worker makes no network request, and a blob worker inherits the page's
//! Content-Security-Policy, whose `connect-src 'self'` then binds the worker too.

mod engine;
mod helper;

use super::js::{buffer_of, bytes_of, now_ms, window, JsError, JsResult};
use crate::protocol::{decode, encode, Request, Response};
use engine::{load_engine, Engine};
use helper::{spawn_helper, start_message, Helper};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// What the worker handle reports to the page.
pub enum Event {
    /// An answer, with its size on the wire and how long decoding it took on this thread.
    Answer {
        /// Boxed: an answer carries the analysis parameters and is far larger than `Died`.
        response: Box<Response>,
        bytes: usize,
        decode_ms: f64,
    },
    /// The worker died without an answer (out of memory, a trap, a script error).
    Died(String),
}

pub type Handler = Rc<dyn Fn(Event)>;

struct Client {
    worker: Worker,
    /// The worker's helper, which makes half of the recommendations' models.
    helper: Option<Helper>,
    generation: u32,
    ready: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<Engine>>> = const { RefCell::new(None) };
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Requests waiting for a worker to be ready.
    static QUEUE: RefCell<Vec<js_sys::Object>> = const { RefCell::new(Vec::new()) };
    static HANDLER: RefCell<Option<Handler>> = const { RefCell::new(None) };
    static GENERATION: RefCell<u32> = const { RefCell::new(0) };
    /// Handlers of terminated workers: a closure must not be dropped while it runs, and a
    /// restart can be asked for from inside one.
    static RETIRED: RefCell<Vec<Client>> = const { RefCell::new(Vec::new()) };
}

/// Loads the worker's code and starts the first worker; `handler` receives every event
/// from this and later workers. Requests sent meanwhile wait in the queue.
pub fn start(handler: Handler) {
    HANDLER.with(|h| *h.borrow_mut() = Some(handler));
    wasm_bindgen_futures::spawn_local(async {
        match load_engine().await {
            Ok(engine) => {
                let engine = Rc::new(engine);
                ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
                // The first worker: requests sent while its code loaded (a file dropped at
                // once) wait in the queue for it.
                if let Err(e) = replace_worker(&engine) {
                    deliver(
                        current_generation(),
                        Event::Died(format!("could not start: {e}")),
                    );
                }
            }
            Err(e) => deliver(
                current_generation(),
                Event::Died(format!("could not load the analysis engine: {e}")),
            ),
        }
    });
}

fn current_generation() -> u32 {
    GENERATION.with(|g| *g.borrow())
}

/// Terminates the current worker (if any) and starts a fresh one from the loaded code.
/// Before the code has loaded, the first worker is still to come: nothing to do.
/// Requests queued for the old worker are dropped: they were for the work it lost.
pub fn restart() -> JsResult<()> {
    QUEUE.with(|q| q.borrow_mut().clear());
    let Some(engine) = ENGINE.with(|e| e.borrow().clone()) else {
        return Ok(());
    };
    replace_worker(&engine)
}

/// Starts a worker of a new generation in place of the current one, if any.
fn replace_worker(engine: &Engine) -> JsResult<()> {
    let generation = GENERATION.with(|g| {
        *g.borrow_mut() += 1;
        *g.borrow()
    });
    let fresh = spawn(engine, generation)?;
    if let Some(old) = CLIENT.with(|c| c.borrow_mut().replace(fresh)) {
        old.worker.terminate();
        if let Some(helper) = &old.helper {
            helper.worker.terminate();
        }
        RETIRED.with(|r| r.borrow_mut().push(old));
    }
    Ok(())
}

/// Sends a request, with the file's bytes transferred beside it for `Prepare`.
pub fn send(request: &Request, file: Option<js_sys::ArrayBuffer>) -> JsResult<()> {
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"msg".into(), &buffer_of(&encode(request)?))?;
    if let Some(file) = file {
        js_sys::Reflect::set(&message, &"file".into(), &file)?;
    }
    CLIENT.with(|c| match c.borrow().as_ref() {
        Some(client) if client.ready => post(&client.worker, &message),
        _ => {
            QUEUE.with(|q| q.borrow_mut().push(message));
            Ok(())
        }
    })
}

/// Posts a message, transferring every `ArrayBuffer` in it.
fn post(worker: &Worker, message: &js_sys::Object) -> JsResult<()> {
    let transfer = js_sys::Array::new();
    for key in ["msg", "file"] {
        let value = js_sys::Reflect::get(message, &key.into())?;
        if value.is_instance_of::<js_sys::ArrayBuffer>() {
            transfer.push(&value);
        }
    }
    worker.post_message_with_transfer(message, &transfer)?;
    Ok(())
}

fn spawn(engine: &Engine, generation: u32) -> JsResult<Client> {
    let worker = Worker::new(&engine.script_url)?;
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(generation, e));
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        e.prevent_default();
        let detail = e.message();
        let detail = if detail.is_empty() {
            "the worker stopped".to_owned()
        } else {
            detail
        };
        deliver(generation, Event::Died(detail));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let (helper, port) = match spawn_helper(engine, generation) {
        Ok(Some((helper, port))) => (Some(helper), Some(port)),
        Ok(None) => (None, None),
        Err(e) => {
            web_sys::console::error_1(&format!("could not start the helper: {e}").into());
            (None, None)
        }
    };
    let (message, transfer) = start_message(engine, "main", port.as_ref())?;
    worker.post_message_with_transfer(&message, &transfer)?;
    Ok(Client {
        worker,
        helper,
        generation,
        ready: false,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn on_message(generation: u32, event: MessageEvent) {
    let started = now_ms();
    let decoded = js_sys::Reflect::get(&event.data(), &"msg".into())
        .map_err(JsError::from)
        .and_then(|m| {
            m.dyn_into::<js_sys::ArrayBuffer>()
                .map_err(|_| JsError("answer without bytes".into()))
        })
        .and_then(|b| {
            let bytes = bytes_of(&b);
            Ok((decode::<Response>(&bytes)?, bytes.len()))
        });
    let (response, bytes) = match decoded {
        Ok(r) => r,
        Err(e) => return deliver_later(generation, Event::Died(format!("unreadable answer: {e}"))),
    };
    if matches!(response, Response::Ready) {
        mark_ready(generation);
    }
    let event = Event::Answer {
        response: Box::new(response),
        bytes,
        decode_ms: now_ms() - started,
    };
    deliver_later(generation, event);
}

/// Hands an answer to the page in a task of its own: decoding the full data set's answer
/// and drawing its results in one task made the page's longest task the sum of both
/// (about 18 + 55 ms, measured). Answers keep their order: timers of equal delay run in
/// the order they were set.
fn deliver_later(generation: u32, event: Event) {
    let run = Closure::once_into_js(move || deliver(generation, event));
    let scheduled = window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 0)
            .map_err(JsError::from)
    });
    if let Err(e) = scheduled {
        web_sys::console::error_1(&format!("could not schedule an answer: {e}").into());
    }
}

/// The worker can take messages now: send what was queued.
fn mark_ready(generation: u32) {
    CLIENT.with(|c| {
        if let Some(client) = c
            .borrow_mut()
            .as_mut()
            .filter(|c| c.generation == generation)
        {
            client.ready = true;
            for message in QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut())) {
                if let Err(e) = post(&client.worker, &message) {
                    web_sys::console::error_1(&format!("could not send to the worker: {e}").into());
                }
            }
        }
    });
}

/// Hands an event to the page, unless it comes from a worker that was replaced.
fn deliver(generation: u32, event: Event) {
    let current = CLIENT.with(|c| c.borrow().as_ref().map(|c| c.generation)) == Some(generation);
    if current {
        if let Some(handler) = HANDLER.with(|h| h.borrow().clone()) {
            handler(event);
        }
    }
}
