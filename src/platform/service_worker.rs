//! The service worker seam: registers `sw.js` (written into release builds by the build's
//! post-build hook) and passes messages between the page and it.
//!
//! The worker does the watching (see `assets/sw.js`): a newer build tells the pages it is
//! waiting once it has installed, and the worker in charge of the page checks for a newer
//! build and lets the waiting one take over when the page asks. Debug builds (`trunk serve`)
//! never register a worker, so a development reload is never served from a cache. Anything
//! that fails here (no service workers in this browser or context, a refused registration)
//! leaves the app working as before, without a worker, and says nothing.

use std::cell::Cell;

use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::ServiceWorkerContainer;

/// The worker's address, next to the page: its scope is then the app's folder, wherever the
/// build is served from.
const WORKER_URL: &str = "./sw.js";

/// Messages between the page and the worker; `assets/sw.js` uses the same words.
mod message {
    /// Worker to page: a newer build has installed and waits.
    pub const NEWER_BUILD_WAITING: &str = "newer-build-waiting";
    /// Page to worker: look for a newer build (and say if one already waits).
    pub const CHECK: &str = "check";
    /// Page to worker: let the waiting build take over.
    pub const ACTIVATE: &str = "activate";
}

/// Whether this build registers a service worker: release builds only.
pub const REGISTERS: bool = !cfg!(debug_assertions);

/// What the worker reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerEvent {
    /// A newer build finished installing and waits to take over.
    NewerBuildWaiting,
    /// Another worker took control of the page; `had_controller` says whether one had it.
    ControllerChanged { had_controller: bool },
}

/// The page's side of the worker; dropping it stops the reports.
pub struct ServiceWorker {
    container: ServiceWorkerContainer,
    _listeners: [EventListener; 3],
}

/// Registers the worker and calls `on_event` with what it reports from then on. Asks for a
/// newer build at once (when a worker already serves the page) and whenever the page becomes
/// visible again. Returns `None` in debug builds and where service workers are not available.
pub fn register(on_event: impl Fn(WorkerEvent) + Clone + 'static) -> Option<ServiceWorker> {
    if !REGISTERS {
        return None;
    }
    let window = web_sys::window()?;
    let document = window.document()?;
    // `navigator.serviceWorker` is missing outside secure contexts; using it would throw.
    let container = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("serviceWorker"))
        .ok()
        .filter(JsValue::is_object)?
        .unchecked_into::<ServiceWorkerContainer>();
    let on_message = {
        let on_event = on_event.clone();
        EventListener::new(&container, "message", move |event| {
            let data = js_sys::Reflect::get(event, &JsValue::from_str("data")).ok();
            if data.and_then(|d| d.as_string()).as_deref() == Some(message::NEWER_BUILD_WAITING) {
                on_event(WorkerEvent::NewerBuildWaiting);
            }
        })
    };
    let controlled = Cell::new(container.controller().is_some());
    let on_controller_change = {
        let container = container.clone();
        EventListener::new(&container.clone(), "controllerchange", move |_| {
            let had_controller = controlled.replace(container.controller().is_some());
            on_event(WorkerEvent::ControllerChanged { had_controller });
        })
    };
    let on_visible = {
        let container = container.clone();
        EventListener::new(&document.clone(), "visibilitychange", move |_| {
            if !document.hidden() {
                tell(&container, message::CHECK);
            }
        })
    };

    // A refused registration is caught, so the browser reports no unhandled one. The handler
    // must outlive the promise, which may never settle: it is left to the page (once per load).
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    let _ = container.register(WORKER_URL).catch(&ignore);
    ignore.forget();
    // A worker already in charge checks at once (the first install has nothing to check).
    tell(&container, message::CHECK);
    Some(ServiceWorker {
        container,
        _listeners: [on_message, on_controller_change, on_visible],
    })
}

impl ServiceWorker {
    /// Asks for the waiting newer build to take over; the page learns it did through
    /// [`WorkerEvent::ControllerChanged`].
    pub fn activate_waiting(&self) {
        tell(&self.container, message::ACTIVATE);
    }
}

/// Posts `message` to the worker in charge of the page, if one is.
fn tell(container: &ServiceWorkerContainer, message: &str) {
    if let Some(worker) = container.controller() {
        // A worker that became redundant meanwhile cannot take it; the next check will do.
        let _ = worker.post_message(&JsValue::from_str(message));
    }
}
