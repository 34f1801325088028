//! When a newer build of the app may replace the one running in this tab.
//!
//! A newer build is installed beside the running one and waits; the tab keeps running its
//! own build. It takes over only when the person asks ("Reload to update"), and the page then
//! reloads once the newer build controls it. Never while a dialog is open: a reload would
//! throw away what the dialog shows, above all a key shown once. Nothing here reloads on its
//! own: a newer build that another tab let take over is offered, not loaded.

/// What the update notice shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateNotice {
    /// No newer build is known: no notice.
    Hidden,
    /// A newer build is ready; "Reload to update" works.
    Offered,
    /// The person asked; the newer build is taking over and the page will reload.
    Updating,
}

/// What the page must do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateStep {
    /// Nothing.
    Nothing,
    /// Tell the waiting build to take over now.
    Activate,
    /// Reload the page, into the build that now controls it.
    Reload,
}

/// One tab's view of newer builds, fed with the browser's events; each event returns the
/// [`UpdateStep`] to take. `dialog_open` is whether a dialog is open at that moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AppUpdate {
    /// No newer build known.
    #[default]
    Current,
    /// A newer build is installed and waits.
    Waiting,
    /// The person asked; the waiting build was told to take over.
    Activating,
    /// A newer build controls the page; a reload loads it.
    Active,
    /// The page is reloading.
    Reloading,
}

impl AppUpdate {
    /// A newer build finished installing and waits to take over.
    pub fn newer_build_waiting(&mut self) -> UpdateStep {
        match self {
            // The person already asked for the newest build: this one is it.
            AppUpdate::Activating => UpdateStep::Activate,
            AppUpdate::Current | AppUpdate::Waiting | AppUpdate::Active => {
                *self = AppUpdate::Waiting;
                UpdateStep::Nothing
            }
            AppUpdate::Reloading => UpdateStep::Nothing,
        }
    }

    /// Another build took control of the page. `had_controller` is whether one controlled it
    /// before: when none did, this is the first install taking charge of the page it was
    /// installed from, which runs that very build, so nothing is newer.
    pub fn controller_changed(&mut self, had_controller: bool, dialog_open: bool) -> UpdateStep {
        match self {
            _ if !had_controller => UpdateStep::Nothing,
            AppUpdate::Activating if !dialog_open => {
                *self = AppUpdate::Reloading;
                UpdateStep::Reload
            }
            // A dialog opened since the person asked: offer the reload again for after it.
            AppUpdate::Current | AppUpdate::Waiting | AppUpdate::Activating | AppUpdate::Active => {
                *self = AppUpdate::Active;
                UpdateStep::Nothing
            }
            AppUpdate::Reloading => UpdateStep::Nothing,
        }
    }

    /// The person pressed "Reload to update".
    pub fn reload_pressed(&mut self, dialog_open: bool) -> UpdateStep {
        match self {
            _ if dialog_open => UpdateStep::Nothing,
            AppUpdate::Waiting => {
                *self = AppUpdate::Activating;
                UpdateStep::Activate
            }
            AppUpdate::Active => {
                *self = AppUpdate::Reloading;
                UpdateStep::Reload
            }
            AppUpdate::Current | AppUpdate::Activating | AppUpdate::Reloading => {
                UpdateStep::Nothing
            }
        }
    }

    /// What the notice shows now.
    pub fn notice(&self) -> UpdateNotice {
        match self {
            AppUpdate::Current => UpdateNotice::Hidden,
            AppUpdate::Waiting | AppUpdate::Active => UpdateNotice::Offered,
            AppUpdate::Activating | AppUpdate::Reloading => UpdateNotice::Updating,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_DIALOG: bool = false;
    const DIALOG: bool = true;

    #[test]
    fn nothing_is_offered_until_a_newer_build_waits() {
        let mut update = AppUpdate::default();
        assert_eq!(update.notice(), UpdateNotice::Hidden);
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Nothing);
        assert_eq!(update.notice(), UpdateNotice::Hidden);
    }

    #[test]
    fn the_first_install_taking_control_is_not_an_update() {
        let mut update = AppUpdate::default();
        assert_eq!(
            update.controller_changed(false, NO_DIALOG),
            UpdateStep::Nothing
        );
        assert_eq!(update.notice(), UpdateNotice::Hidden);
    }

    #[test]
    fn pressing_reload_activates_the_waiting_build_then_reloads_once_it_controls_the_page() {
        let mut update = AppUpdate::default();
        assert_eq!(update.newer_build_waiting(), UpdateStep::Nothing);
        assert_eq!(update.notice(), UpdateNotice::Offered);
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Activate);
        assert_eq!(update.notice(), UpdateNotice::Updating);
        assert_eq!(
            update.reload_pressed(NO_DIALOG),
            UpdateStep::Nothing,
            "a second press does nothing"
        );
        assert_eq!(
            update.controller_changed(true, NO_DIALOG),
            UpdateStep::Reload
        );
        assert_eq!(
            update.controller_changed(true, NO_DIALOG),
            UpdateStep::Nothing
        );
    }

    #[test]
    fn the_button_does_nothing_while_a_dialog_is_open() {
        let mut update = AppUpdate::default();
        update.newer_build_waiting();
        assert_eq!(update.reload_pressed(DIALOG), UpdateStep::Nothing);
        assert_eq!(update.notice(), UpdateNotice::Offered);
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Activate);
    }

    #[test]
    fn a_dialog_opened_since_the_press_holds_the_reload_until_the_next_press() {
        let mut update = AppUpdate::default();
        update.newer_build_waiting();
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Activate);
        // The reveal opened before the newer build took over.
        assert_eq!(update.controller_changed(true, DIALOG), UpdateStep::Nothing);
        assert_eq!(update.notice(), UpdateNotice::Offered);
        assert_eq!(update.reload_pressed(DIALOG), UpdateStep::Nothing);
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Reload);
    }

    #[test]
    fn a_build_another_tab_let_take_over_is_offered_and_never_loaded_on_its_own() {
        let mut update = AppUpdate::default();
        update.newer_build_waiting();
        assert_eq!(update.controller_changed(true, DIALOG), UpdateStep::Nothing);
        assert_eq!(
            update.controller_changed(true, NO_DIALOG),
            UpdateStep::Nothing
        );
        assert_eq!(update.notice(), UpdateNotice::Offered);
        // It already controls the page: pressing reloads at once.
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Reload);
        assert_eq!(update.notice(), UpdateNotice::Updating);
    }

    #[test]
    fn a_takeover_nobody_announced_is_offered_too() {
        let mut update = AppUpdate::default();
        assert_eq!(
            update.controller_changed(true, NO_DIALOG),
            UpdateStep::Nothing
        );
        assert_eq!(update.notice(), UpdateNotice::Offered);
    }

    #[test]
    fn a_build_newer_still_replaces_the_one_being_activated() {
        let mut update = AppUpdate::default();
        update.newer_build_waiting();
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Activate);
        assert_eq!(update.newer_build_waiting(), UpdateStep::Activate);
        assert_eq!(
            update.controller_changed(true, NO_DIALOG),
            UpdateStep::Reload
        );
    }

    #[test]
    fn after_another_tab_updated_a_still_newer_build_waits_for_the_button_again() {
        let mut update = AppUpdate::default();
        update.controller_changed(true, NO_DIALOG);
        assert_eq!(update.newer_build_waiting(), UpdateStep::Nothing);
        assert_eq!(update.notice(), UpdateNotice::Offered);
        assert_eq!(update.reload_pressed(NO_DIALOG), UpdateStep::Activate);
    }
}
