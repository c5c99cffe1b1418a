import Foundation
@testable import Server
import Testing
import TimeSeries

/// The web page's escaping and time texts.
@Suite struct WebUIFormattingTests {
    @Test func escapingCoversTextAndAttributes() {
        #expect(HTMLText.escape(#"<script>alert("x" & 'y')</script>"#)
            == "&lt;script&gt;alert(&#34;x&#34; &amp; &#39;y&#39;)&lt;/script&gt;")
        #expect(HTMLText.escape("plain ünïcode ✓") == "plain ünïcode ✓")
        #expect(HTMLText.escape("") == "")
    }

    @Test func labelChipsAreEscapedAndGoQuoted() {
        let chips = HTMLText.labelChips(Labels(["alertname": "A", "note": #"<b>"hi"</b>"#]), except: ["alertname"])
        #expect(chips == #"<span class="labels"><span class="label">note=&#34;&lt;b&gt;\&#34;hi\&#34;&lt;/b&gt;&#34;</span></span>"#)
        #expect(HTMLText.labelChips(Labels(["alertname": "A"]), except: ["alertname"]) == "")
        #expect(HTMLText.matchersText([("alertname", "Disk"), ("path", #"C:\"#)]) == #"alertname="Disk", path="C:\\""#)
    }

    @Test(arguments: [
        (0, "0s"), (42, "42s"), (60, "1m"), (200, "3m 20s"), (3_600, "1h"), (7_260, "2h 1m"),
        (86_400 + 7_200 + 59, "1d 2h"), (90 * 86_400, "90d"),
    ] as [(Int64, String)])
    func spans(seconds: Int64, text: String) {
        #expect(WebTime.span(seconds: seconds) == text)
    }

    @Test func relativeAndAbsoluteTimes() {
        let now = Date(timeIntervalSince1970: 1_767_323_045)  // 2026-01-02T03:04:05Z
        #expect(WebTime.absolute(now) == "2026-01-02 03:04:05 UTC")
        #expect(WebTime.absolute(now.addingTimeInterval(0.999)) == "2026-01-02 03:04:05 UTC")
        #expect(WebTime.relative(now.addingTimeInterval(-200), now: now) == "3m 20s ago")
        #expect(WebTime.relative(now.addingTimeInterval(7_200), now: now) == "in 2h")
        #expect(WebTime.relative(now.addingTimeInterval(0.2), now: now) == "now")
        #expect(WebTime.absolute(.distantFuture) == "—")
        #expect(WebTime.relative(.distantFuture, now: now) == "")
        #expect(WebTime.element(now.addingTimeInterval(-60), now: now) == #"<time title="2026-01-02 03:03:05 UTC">1m ago</time>"#)
        #expect(WebTime.duration(nanoseconds: 1_520_000_000) == "1.52s")
        #expect(WebTime.duration(nanoseconds: 12_340_000) == "12.3ms")
        #expect(WebTime.duration(nanoseconds: 850_000) == "850µs")
    }
}
