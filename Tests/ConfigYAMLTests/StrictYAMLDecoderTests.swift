import ConfigYAML
import Testing
import TimeSeries

@Suite struct StrictYAMLDecoderTests {
    struct Auth: Decodable, Equatable {
        var username: String
        var password: String?
    }

    /// HTTP settings read inline from the enclosing mapping.
    struct Inline: Decodable, Equatable {
        var timeout: Double?
        var auth: Auth?
        enum CodingKeys: String, CodingKey { case timeout, auth = "basic_auth" }
    }

    struct Source: Decodable, Equatable {
        enum Kind: String, Decodable { case prometheus, loki }
        var name: String
        var kind: Kind
        var url: String
        var inline: Inline
        var port: Int?

        enum CodingKeys: String, CodingKey { case name, kind = "type", url, port }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            let kind = try c.decode(String.self, forKey: .kind)
            guard let k = Kind(rawValue: kind) else { throw ConfigValueError("unknown datasource type \"\(kind)\"") }
            self.kind = k
            url = try c.decode(String.self, forKey: .url)
            port = try c.decodeIfPresent(Int.self, forKey: .port)
            inline = try Inline(from: decoder)
        }
    }

    struct Config: Decodable, Equatable {
        var sources: [Source]?
        var labels: [String: String]?
        var enabled: Bool?
    }

    static func decode(_ text: String) throws(ConfigFileError) -> Config {
        try StrictYAMLDecoder().decode(Config.self, from: text, file: "vigil.yml")
    }

    static func error(_ text: String) -> String {
        do {
            _ = try decode(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func decodesNestedInlineAndMaps() throws {
        let config = try Self.decode("""
            sources:
              - name: prom
                type: prometheus
                url: http://p:9090
                timeout: 30
                basic_auth: {username: u, password: p}
            labels: {cluster: home, "0": x}
            enabled: true
            """)
        #expect(config.sources?.first?.inline == Inline(timeout: 30, auth: Auth(username: "u", password: "p")))
        #expect(config.labels == ["cluster": "home", "0": "x"])
        #expect(config.enabled == true)
    }

    @Test func emptyAndNullDocumentsAreEmptyMappings() throws {
        #expect(try Self.decode("") == Config())
        #expect(try Self.decode("# only a comment\n") == Config())
        #expect(try Self.decode("sources:\n") == Config())
    }

    @Test(arguments: [
        ("nope: 1\n", "vigil.yml:1:1: unknown field \"nope\""),
        ("sources:\n  - name: a\n    type: loki\n    url: u\n    urll: v\n", "vigil.yml:5:5: unknown field \"urll\" in sources[0]"),
        ("sources:\n  - name: a\n    type: loki\n    url: u\n    basic_auth: {username: x, pasword: y}\n",
         "vigil.yml:5:31: unknown field \"pasword\" in sources[0].basic_auth"),
        ("sources:\n  - name: a\n    type: mimir\n    url: u\n", "vigil.yml:2:5: unknown datasource type \"mimir\""),
        ("sources:\n  - name: a\n    type: loki\n", "vigil.yml:2:5: missing field \"url\" in sources[0]"),
        ("sources:\n  - name: a\n    type: loki\n    url: u\n    port: http\n", "vigil.yml:5:11: expected a whole number in sources[0].port, got \"http\""),
        ("sources:\n  - name: a\n    type: loki\n    url: u\n    port: 99999999999999999999\n",
         "vigil.yml:5:11: expected a whole number in sources[0].port, got the number 99999999999999999999"),
        ("enabled: yes\n", "vigil.yml:1:10: expected true or false in enabled, got \"yes\""),
        ("sources: {a: 1}\n", "vigil.yml:1:10: expected a list in sources, got a mapping"),
        ("labels: [a]\n", "vigil.yml:1:9: expected a mapping in labels, got a list"),
        ("enabled: true\nenabled: false\n", "vigil.yml:2:1: field \"enabled\" is given twice (first at line 1)"),
        ("sources: [\n", "vigil.yml:2:1: yaml: did not find expected node content while parsing a flow node"),
    ])
    func errorsNameThePlace(text: String, expected: String) {
        #expect(Self.error(text) == expected)
    }

    @Test func unknownFieldsCanBeIgnored() throws {
        var decoder = StrictYAMLDecoder()
        decoder.ignoreUnknownFields = true
        let config = try decoder.decode(Config.self, from: "extra: 1\nenabled: false\n", file: "x")
        #expect(config.enabled == false)
    }

    @Test func aliasesAndMergeFreeDocumentsResolve() throws {
        let config = try Self.decode("""
            labels: &l {a: b}
            sources:
              - &s {name: a, type: loki, url: u}
            """)
        #expect(config.labels == ["a": "b"])
        #expect(config.sources?.count == 1)
    }
}
