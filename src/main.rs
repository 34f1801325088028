//! Mounts the Keyward app into the page's body.

fn main() {
    keyward::platform::panic::install_panic_hook();
    yew::Renderer::<keyward::ui::App>::new().render();
}
