import Testing
@testable import TimeSeries

@Suite struct LabelsTests {
    @Test func sortsByNameWhateverTheInputOrder() {
        let a = Labels([Label("job", "api"), Label("__name__", "up"), Label("instance", "a:9100")])
        let b = Labels(["instance": "a:9100", "job": "api", "__name__": "up"])
        let c = Labels(dictionaryLiteral: ("job", "api"), ("instance", "a:9100"), ("__name__", "up"))
        #expect(a.labels.map(\.name) == ["__name__", "instance", "job"])
        #expect(a == b)
        #expect(b == c)
        #expect(a.hashValue == c.hashValue)
        #expect(a.fingerprint == b.fingerprint)
        #expect(Array(a).map(\.value) == ["up", "a:9100", "api"])
    }

    @Test func uppercaseSortsBeforeLowercaseAndUnderscore() {
        // Byte order, as Go compares strings: "A" < "_" < "a".
        let l = Labels([Label("b", "1"), Label("_x", "2"), Label("a", "3"), Label("Z", "4")])
        #expect(l.labels.map(\.name) == ["Z", "_x", "a", "b"])
    }

    @Test func laterDuplicateWinsAndEmptyValuesAreDropped() {
        let l = Labels([Label("job", "a"), Label("job", "b"), Label("env", "")])
        #expect(l.count == 1)
        #expect(l["job"] == "b")
        #expect(l["env"] == nil)
        #expect(Labels(["x": ""]).isEmpty)
        #expect(Labels(["x": ""]) == .empty)
    }

    @Test func accessors() {
        let l = Labels(["__name__": "up", "job": "api"])
        #expect(l.metricName == "up")
        #expect(l["job"] == "api")
        #expect(l["missing"] == nil)
        #expect(l.dictionary == ["__name__": "up", "job": "api"])
        #expect(Labels(["job": "api"]).metricName == nil)
    }

    @Test func settingRemovingKeeping() {
        let l = Labels(["__name__": "up", "job": "api", "instance": "a"])
        #expect(l.setting("job", to: "web")["job"] == "web")
        #expect(l.setting("zone", to: "eu").labels.map(\.name) == ["__name__", "instance", "job", "zone"])
        #expect(l.setting("job", to: "")["job"] == nil)
        #expect(l.removing(["__name__"]) == Labels(["job": "api", "instance": "a"]))
        #expect(l.keeping(["job", "nope"]) == Labels(["job": "api"]))
        #expect(l.count == 3)  // value semantics: the original is untouched
    }

    @Test func printsLikePrometheus() {
        let l = Labels(["__name__": "up", "job": "api", "path": "a\"b\\c\n"])
        #expect(l.description == #"{__name__="up", job="api", path="a\"b\\c\n"}"#)
        #expect(l.metricStyle == #"up{job="api", path="a\"b\\c\n"}"#)
        #expect(Labels(["__name__": "up"]).metricStyle == "up")
        #expect(Labels.empty.description == "{}")
        #expect(Labels.empty.metricStyle == "{}")
        #expect(Labels(["job": "api"]).metricStyle == #"{job="api"}"#)
    }

    @Test func utf8NamesAreQuoted() {
        let l = Labels(["__name__": "http.requests", "service.name": "api"])
        #expect(l.description == #"{__name__="http.requests", "service.name"="api"}"#)
        // A metric name outside the legacy pattern cannot stand outside the braces.
        #expect(l.metricStyle == l.description)
        #expect(Labels.formatName("job") == "job")
        #expect(Labels.formatName("1x") == #""1x""#)
    }

    @Test func comparesLikePrometheus() {
        let a = Labels(["a": "1"])
        let b = Labels(["a": "2"])
        let ab = Labels(["a": "1", "b": "1"])
        let c = Labels(["c": "0"])
        #expect(a < b)
        #expect(a < ab)          // a prefix sorts first
        #expect(ab < b)
        #expect(ab < c)
        #expect(!(a < a))
        #expect([c, b, ab, a].sorted() == [a, ab, b, c])
    }

    /// The fingerprint is `model.LabelsToSignature`: FNV-1a 64 with a 0xff byte after each name and value.
    /// These values are fixed: they must not change between runs, platforms or releases.
    @Test func fingerprintIsStable() {
        #expect(Labels.empty.fingerprint == 14_695_981_039_346_656_037)
        #expect(Labels(["__name__": "up", "job": "api"]).fingerprint == 3_831_055_514_752_682_934)
        // The value prometheus/common's own signature test expects for this set.
        #expect(Labels(["name": "garland, briggs", "fear": "love is not enough"]).fingerprint
                == 5_799_056_148_416_392_346)
    }

    @Test func fingerprintSeparatesNamesFromValues() {
        // Without the separator byte these two sets would hash the same bytes.
        #expect(Labels(["a": "bc"]).fingerprint != Labels(["ab": "c"]).fingerprint)
        #expect(Labels(["a": "b", "c": "d"]).fingerprint != Labels(["a": "bc", "": "d"]).fingerprint)
    }
}
