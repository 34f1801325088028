//! Newer builds of the app: the service worker's reports fed to the core's [`AppUpdate`], and
//! its decisions carried out.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::{AppUpdate, UpdateNotice, UpdateStep};
use crate::platform::page;
use crate::platform::service_worker::{self, ServiceWorker, WorkerEvent};

#[derive(Default)]
struct Updates {
    update: AppUpdate,
    started: bool,
    worker: Option<ServiceWorker>,
}

/// Newer builds as the page sees them.
#[derive(Clone)]
pub struct AppUpdateHandle {
    updates: Rc<RefCell<Updates>>,
    rerender: UseForceUpdateHandle,
}

impl AppUpdateHandle {
    /// What the update notice shows.
    pub fn notice(&self) -> UpdateNotice {
        self.updates.borrow().update.notice()
    }

    /// For the notice's "Reload to update" button.
    pub fn reload_callback(&self) -> Callback<()> {
        let handle = self.clone();
        Callback::from(move |()| {
            let step = handle
                .updates
                .borrow_mut()
                .update
                .reload_pressed(page::dialog_open());
            handle.act(step);
        })
    }

    /// Registers the service worker, the first time only. Done while rendering rather than in
    /// an effect (whose code would add to the download): the registration reports later, in
    /// events of its own, and the state it feeds outlives every render.
    fn start(&self) {
        if std::mem::replace(&mut self.updates.borrow_mut().started, true) {
            return;
        }
        // Weak: the worker's listeners must not keep the page's state alive.
        let weak = Rc::downgrade(&self.updates);
        let rerender = self.rerender.clone();
        let worker = service_worker::register(move |event| {
            if let Some(updates) = weak.upgrade() {
                let handle = AppUpdateHandle {
                    updates,
                    rerender: rerender.clone(),
                };
                let step = {
                    let update = &mut handle.updates.borrow_mut().update;
                    match event {
                        WorkerEvent::NewerBuildWaiting => update.newer_build_waiting(),
                        WorkerEvent::ControllerChanged { had_controller } => {
                            update.controller_changed(had_controller, page::dialog_open())
                        }
                    }
                };
                handle.act(step);
            }
        });
        self.updates.borrow_mut().worker = worker;
    }

    /// Takes the step the core decided, and shows the notice as it now is.
    fn act(&self, step: UpdateStep) {
        match step {
            UpdateStep::Nothing => {}
            UpdateStep::Activate => {
                if let Some(worker) = self.updates.borrow().worker.as_ref() {
                    worker.activate_waiting();
                }
            }
            UpdateStep::Reload => page::reload(),
        }
        self.rerender.force_update();
    }
}

/// Registers the service worker (release builds) and follows newer builds of the app.
#[hook]
pub fn use_app_update() -> AppUpdateHandle {
    let handle = AppUpdateHandle {
        updates: use_mut_ref(Updates::default),
        rerender: use_force_update(),
    };
    handle.start();
    handle
}
