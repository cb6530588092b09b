//! The worker's helper, started beside each worker: a second instance of the same code,
//! joined to the worker by a `MessageChannel`, that makes half of the recommendations'
//! models (see `worker/helper.rs`). Only on machines with more than one core.

use super::{post, Engine, CLIENT, QUEUE};
use crate::web::js::{window, JsError, JsResult};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageChannel, MessagePort, Worker};

pub(super) struct Helper {
    pub(super) worker: Worker,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// A worker's first message: the compiled module, its role, and its end of the channel.
pub(super) fn start_message(
    engine: &Engine,
    role: &str,
    port: Option<&MessagePort>,
) -> JsResult<(js_sys::Object, js_sys::Array)> {
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"module".into(), &engine.module)?;
    js_sys::Reflect::set(&message, &"role".into(), &role.into())?;
    let transfer = js_sys::Array::new();
    if let Some(port) = port {
        js_sys::Reflect::set(&message, &"port".into(), port)?;
        transfer.push(port);
    }
    Ok((message, transfer))
}

/// Starts the helper of generation `generation`'s worker, on a machine with more than one
/// core; returns it and the worker's end of the channel between them.
pub(super) fn spawn_helper(
    engine: &Engine,
    generation: u32,
) -> JsResult<Option<(Helper, MessagePort)>> {
    if window()?.navigator().hardware_concurrency() < 2.0 {
        return Ok(None);
    }
    let channel = MessageChannel::new()?;
    let worker = Worker::new(&engine.script_url)?;
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        e.prevent_default();
        web_sys::console::error_1(&format!("the helper stopped: {}", e.message()).into());
        helper_lost(generation);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let (message, transfer) = start_message(engine, "helper", Some(&channel.port2()))?;
    worker.post_message_with_transfer(&message, &transfer)?;
    let helper = Helper {
        worker,
        _on_error: on_error,
    };
    Ok(Some((helper, channel.port1())))
}

/// Tells generation `generation`'s worker that its helper died, so that it makes the
/// helper's share itself (queued like a request until the worker is ready).
fn helper_lost(generation: u32) {
    let notice = js_sys::Object::new();
    let sent = js_sys::Reflect::set(&notice, &"helperLost".into(), &true.into())
        .map_err(JsError::from)
        .and_then(|_| {
            CLIENT.with(|c| match c.borrow().as_ref() {
                Some(client) if client.generation == generation && client.ready => {
                    post(&client.worker, &notice)
                }
                Some(client) if client.generation == generation => {
                    QUEUE.with(|q| q.borrow_mut().push(notice));
                    Ok(())
                }
                _ => Ok(()),
            })
        });
    if let Err(e) = sent {
        web_sys::console::error_1(&format!("could not tell the worker: {e}").into());
    }
}
