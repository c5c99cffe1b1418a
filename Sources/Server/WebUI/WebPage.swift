/// The whole page: header with the time it shows, links to the sections, the sections (active alerts,
/// silences, rules, history), the style and the script inline. `nonce` admits the page's own style and
/// script under the Content-Security-Policy that `WebUIRoutes` sends, and nothing else.
enum WebPage {
    static func render(_ model: WebPageModel, nonce: String) -> String {
        var out = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Vigil</title>
            <style nonce="\(nonce)">\(WebPageStyle.css)</style>
            </head><body>
            <header><h1>Vigil</h1>
            <nav><a href="#alerts">Alerts</a><a href="#silences">Silences</a><a href="#rules">Rules</a><a href="#history">History</a></nav>
            <span class="meta">as of \(HTMLText.escape(WebTime.absolute(model.now))) · version \(HTMLText.escape(model.version)) · <a href="">refresh</a></span>
            </header>
            <main>

            """
        out += AlertsSection.render(model) + "\n"
        out += SilencesSection.render(model) + "\n"
        out += RulesSection.render(model.groups, now: model.now) + "\n"
        out += HistorySection.render(model) + "\n"
        out += "</main>\n<script nonce=\"\(nonce)\">\(WebPageScript.javaScript)</script>\n</body></html>\n"
        return out
    }
}
