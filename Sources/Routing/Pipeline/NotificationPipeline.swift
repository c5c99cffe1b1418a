import Foundation

/// The pipeline of one receiver, as Alertmanager composes it: inhibit → time intervals → silence, then
/// for each integration in parallel: dedup → send with retries → record in the notification log.
public struct NotificationPipeline: Sendable {
    public let receiver: String
    let common: [any NotificationStage]
    let perIntegration: [[any NotificationStage]]

    /// What every pipeline shares.
    public struct Environment: Sendable {
        public var inhibitor: Inhibitor
        public var silences: Silences
        public var log: NotificationLog
        public var marker: AlertMarker
        public var intervals: [String: NamedTimeInterval]
        public var clock: any RouterClock
        public var history: any NotificationHistory
        public var retry: RetryPolicy
        public var exactRepeatInterval: Bool
    }

    public init(receiver: String, integrations: [Integration], environment e: Environment) {
        self.receiver = receiver
        common = [
            InhibitStage(inhibitor: e.inhibitor, marker: e.marker),
            TimeIntervalStage(intervals: e.intervals, marker: e.marker),
            SilenceStage(silences: e.silences, marker: e.marker),
        ]
        perIntegration = integrations.map { i in
            let key = IntegrationKey(receiver: receiver, integration: i.name, index: i.index)
            return [
                DedupStage(log: e.log, integration: key, sendResolved: i.sendResolved, exactRepeatInterval: e.exactRepeatInterval),
                RetryStage(integration: i, key: key, policy: e.retry, clock: e.clock, history: e.history),
                SetNotifiesStage(log: e.log, integration: key, clock: e.clock, exactRepeatInterval: e.exactRepeatInterval),
            ]
        }
    }

    /// Runs the flush's alerts through; nil when it succeeded (which includes "nothing to send").
    public func run(_ alerts: [Alert], context: FlushContext) async -> PipelineError? {
        var ctx = context
        let passed: [Alert]
        switch await Self.chain(common, alerts, &ctx) {
        case .success(let a): passed = a
        case .failure(let e): return e
        }
        if passed.isEmpty { return nil }
        let shared = ctx
        let failures = await withTaskGroup(of: (Int, PipelineError?).self) { group in
            for (i, stages) in perIntegration.enumerated() {
                group.addTask {
                    var local = shared
                    if case .failure(let e) = await Self.chain(stages, passed, &local) { return (i, e) }
                    return (i, nil)
                }
            }
            var out: [(Int, PipelineError)] = []
            for await (i, e) in group { if let e { out.append((i, e)) } }
            return out.sorted { $0.0 < $1.0 }.flatMap(\.1.messages)
        }
        return failures.isEmpty ? nil : PipelineError(failures)
    }

    static func chain(_ stages: [any NotificationStage], _ alerts: [Alert], _ ctx: inout FlushContext) async -> Result<[Alert], PipelineError> {
        var current = alerts
        for s in stages {
            if current.isEmpty { return .success([]) }
            do {
                current = try await s.run(current, &ctx)
            } catch {
                return .failure(error)
            }
        }
        return .success(current)
    }
}
