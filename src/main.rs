//! Mounts the Keyward app into the page's body.

/// Talc instead of the default dlmalloc: a smaller download, and faster. Set here, not in the
/// library, so an app that embeds Keyward keeps its own choice of allocator.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    keyward::platform::panic::install_panic_hook();
    yew::Renderer::<keyward::ui::App>::new().render();
}
