// Whether the gate screen is laid out wide (the forms beside the boards), as app.css decides at 900 px.
export function isWide() {
    return window.matchMedia("(min-width: 900px)").matches;
}
