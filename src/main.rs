//! Mounts the Keyward app into the page's body.

fn main() {
    yew::Renderer::<keyward::ui::App>::new().render();
}
