import Testing
@testable import Rules

@Suite("Group schedule")
struct RuleGroupScheduleTests {
    /// Reference values of XXH64 with seed 0 (the xxHash reference and python-xxhash documentation).
    @Test(arguments: [
        ("", UInt64(0xEF46_DB37_51D8_E999)),
        ("a", 0xD24E_C4F1_A98C_6E5B),
        ("abc", 0x44BC_2CF5_AD77_0999),
        ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1),
    ])
    func xxhash(_ text: String, _ expected: UInt64) {
        #expect(XXHash64.hash(Array(text.utf8)) == expected)
    }

    @Test func slotsAreSpreadAndStable() {
        let a = RuleGroupSchedule(name: "alerts", file: "/etc/vigil/rules.yml", interval: minute)
        let b = RuleGroupSchedule(name: "recording", file: "/etc/vigil/rules.yml", interval: minute)
        #expect(a.offsetNanoseconds >= 0 && a.offsetNanoseconds < minute * 1_000_000)
        #expect(a.offsetNanoseconds != b.offsetNanoseconds)
        #expect(a == RuleGroupSchedule(name: "alerts", file: "/etc/vigil/rules.yml", interval: minute))

        let now: Int64 = 1_700_000_000_123_456_789
        let slot = a.slot(atOrBefore: now)
        #expect(slot <= now && now - slot < minute * 1_000_000)
        #expect((slot - a.offsetNanoseconds) % (minute * 1_000_000) == 0)
        #expect(a.firstEvaluation(startedAt: now) == (slot + minute * 1_000_000) / 1_000_000)
    }

    @Test func missedEvaluations() {
        let s = RuleGroupSchedule(name: "g", file: "f", interval: minute)
        #expect(s.nextEvaluation(after: 10 * minute, nowNanoseconds: (11 * minute + 5) * 1_000_000) == (11 * minute, 0))
        #expect(s.nextEvaluation(after: 10 * minute, nowNanoseconds: (13 * minute + 5) * 1_000_000) == (13 * minute, 2))
    }
}
