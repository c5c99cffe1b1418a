import Foundation
import TimeSeries

/// Why a silence could not be set or expired; `description` is upstream's message.
public enum SilenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Rejected by validation: "invalid silence: <reason>".
    case invalid(String)
    case notFound
    /// The journal could not write the change (see `SilenceJournal`); nothing changed.
    case notSaved(String)

    public var description: String {
        switch self {
        case .invalid(let reason): "invalid silence: \(reason)"
        case .notFound: "silence not found"
        case .notSaved(let reason): "the silence could not be saved: \(reason)"
        }
    }
}

/// The silences as persisted: each with the time after which it is forgotten.
public struct SilencesSnapshot: Sendable, Hashable, Codable {
    public struct Entry: Sendable, Hashable, Codable {
        public var silence: Silence
        public var expiresAt: Date
    }
    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }
}

/// Alertmanager's silence store: create, update, expire, query, retention. Shared by the pipelines
/// (which ask what mutes an alert) and the API, hence the lock. Every change bumps `version` and calls
/// `onChange`, which is how the router learns that a silence ended early (see `AlertRouter`).
public final class Silences: @unchecked Sendable {
    private struct Entry {
        var silence: Silence
        var compiled: [AlertMatchers]
        var expiresAt: Date
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var changes = 0
    private let clock: any RouterClock
    /// How long an expired silence is kept (queryable, restorable) after its end: 120h by default.
    public let retention: TimeInterval
    private let makeID: @Sendable () -> String
    private var changeHandler: (@Sendable () -> Void)?
    private let journal: (any SilenceJournal)?

    /// - Parameter journal: where every change made through `set` and `expire` is written before it
    ///   takes effect; nil keeps silences in memory only.
    public init(clock: any RouterClock, retention: TimeInterval = 120 * 3600,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
                journal: (any SilenceJournal)? = nil) {
        self.clock = clock
        self.retention = retention
        self.makeID = makeID
        self.journal = journal
    }

    /// Called (outside the lock) after every change.
    public func onChange(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { changeHandler = handler }
    }

    /// Increases with every change.
    public var version: Int { lock.withLock { changes } }

    /// Creates or updates a silence and returns its ID (upstream's `Silences.Set`).
    ///
    /// A silence with an ID updates that silence in place when the change is harmless: same matchers,
    /// and for an active silence the same start (to the second) and an end not in the past, for a
    /// pending one a start not in the past; an expired silence never changes. Any other change expires
    /// the old silence (unless already expired) and creates a new one with a new ID, so the record of
    /// what was muted when stays true. A new silence's start is moved up to now if it lies in the past.
    @discardableResult
    public func set(_ input: Silence) throws(SilenceError) -> String {
        let now = clock.now
        let (problem, compiled) = input.validate()
        if let problem { throw .invalid(problem) }
        let id = try setLocked(input, compiled: compiled, now: now)
        notify()
        return id
    }

    private func setLocked(_ input: Silence, compiled: [AlertMatchers], now: Date) throws(SilenceError) -> String {
        var sil = input
        lock.lock()
        defer { lock.unlock() }
        let previous = sil.id.isEmpty ? nil : entries[sil.id]
        if !sil.id.isEmpty && previous == nil { throw .notFound }
        var changed: [Entry] = []
        if let previous, Self.canUpdate(previous.silence, to: sil, now: now) {
            sil.updatedAt = now
        } else {
            sil.id = makeID()
            if sil.startsAt < now { sil.startsAt = now }
            sil.updatedAt = now
            if let previous, let expired = expiredLocked(previous.silence.id, now: now) { changed.append(expired) }
        }
        changed.append(Entry(silence: sil, compiled: compiled, expiresAt: sil.endsAt.addingTimeInterval(retention)))
        try applyLocked(changed)
        return sil.id
    }

    /// Writes the changed entries to the journal, then into memory; on a journal failure nothing changes.
    private func applyLocked(_ changed: [Entry]) throws(SilenceError) {
        if let journal {
            do {
                try journal.save(changed.map { SilencesSnapshot.Entry(silence: $0.silence, expiresAt: $0.expiresAt) })
            } catch {
                throw .notSaved(String(describing: error))
            }
        }
        for e in changed { entries[e.silence.id] = e }
        changes += changed.count
    }

    /// Upstream's `canUpdate`.
    static func canUpdate(_ a: Silence, to b: Silence, now: Date) -> Bool {
        guard a.matcherSets == b.matcherSets else { return false }
        switch a.state(at: now) {
        case .active:
            return floor(a.startsAt.timeIntervalSince1970) == floor(b.startsAt.timeIntervalSince1970) && b.endsAt >= now
        case .pending:
            return b.startsAt >= now
        case .expired:
            return false
        }
    }

    /// Ends a silence now: an active one ends, a pending one starts and ends now; an expired one is left.
    public func expire(_ id: String) throws(SilenceError) {
        let now = clock.now
        let result = lock.withLock { () -> Result<Void, SilenceError> in
            guard entries[id] != nil else { return .failure(.notFound) }
            guard let expired = expiredLocked(id, now: now) else { return .success(()) }
            return Result { () throws(SilenceError) in try applyLocked([expired]) }
        }
        try result.get()
        notify()
    }

    /// The entry of silence `id` ended at `now`, or nil when it is unknown or already expired.
    private func expiredLocked(_ id: String, now: Date) -> Entry? {
        guard var e = entries[id] else { return nil }
        switch e.silence.state(at: now) {
        case .expired: return nil
        case .active: e.silence.endsAt = now
        case .pending:
            e.silence.startsAt = now
            e.silence.endsAt = now
        }
        e.silence.updatedAt = now
        e.expiresAt = now.addingTimeInterval(retention)
        return e
    }

    private func notify() {
        let handler = lock.withLock { changeHandler }
        handler?()
    }

    public func silence(id: String) -> Silence? { lock.withLock { entries[id]?.silence } }

    /// Silences filtered by IDs, states (at now) and the labels they match; sorted by ID.
    public func query(ids: Set<String>? = nil, states: Set<SilenceState>? = nil, matching labels: Labels? = nil) -> [Silence] {
        let now = clock.now
        return lock.withLock {
            entries.values.filter { e in
                if let ids, !ids.contains(e.silence.id) { return false }
                if let states, !states.contains(e.silence.state(at: now)) { return false }
                if let labels, !e.compiled.contains(where: { $0.matches(labels) }) { return false }
                return true
            }.map(\.silence).sorted { $0.id < $1.id }
        }
    }

    /// The IDs of the silences muting `labels` at `at`, sorted (upstream's `Silencer.Mutes`).
    public func activeSilences(matching labels: Labels, at time: Date) -> [String] {
        lock.withLock {
            entries.values.filter { $0.silence.state(at: time) == .active && $0.compiled.contains { $0.matches(labels) } }
                .map(\.silence.id).sorted()
        }
    }

    /// Whether a silence (by ID) matches the labels, whatever its state.
    public func matches(_ id: String, _ labels: Labels) -> Bool {
        lock.withLock { entries[id]?.compiled.contains { $0.matches(labels) } ?? false }
    }

    /// The silences that stopped holding in `(after, upTo]`: their first expired instant is their end
    /// plus a millisecond (state is `active` at the end itself).
    public func ended(after: Date, upTo: Date) -> [Silence] {
        lock.withLock {
            entries.values.map(\.silence).filter {
                let first = $0.endsAt.addingTimeInterval(Self.endResolution)
                return first > after && first <= upTo
            }.sorted { $0.id < $1.id }
        }
    }

    /// The earliest first-expired instant after `after`, for the router's timer.
    public func nextEnd(after: Date) -> Date? {
        lock.withLock {
            entries.values.map { $0.silence.endsAt.addingTimeInterval(Self.endResolution) }.filter { $0 > after }.min()
        }
    }

    /// The step after a silence's end at which the router looks at it as ended.
    public static let endResolution: TimeInterval = 0.001

    /// Forgets silences whose retention ran out; returns how many (upstream's `GC`).
    @discardableResult
    public func collect() -> Int {
        let now = clock.now
        let removed = lock.withLock { () -> Int in
            let gone = entries.filter { $0.value.expiresAt <= now }.map(\.key)
            for id in gone { entries[id] = nil }
            if !gone.isEmpty { changes += 1 }
            return gone.count
        }
        return removed
    }

    public var count: Int { lock.withLock { entries.count } }

    public func snapshot() -> SilencesSnapshot {
        lock.withLock {
            SilencesSnapshot(entries: entries.values.sorted { $0.silence.id < $1.silence.id }
                .map { SilencesSnapshot.Entry(silence: $0.silence, expiresAt: $0.expiresAt) })
        }
    }

    /// Replaces the state with a snapshot's; entries past their retention and entries that no longer
    /// validate are skipped (returned as messages).
    @discardableResult
    public func load(_ snapshot: SilencesSnapshot) -> [String] {
        let now = clock.now
        var problems: [String] = []
        var loaded: [String: Entry] = [:]
        for e in snapshot.entries where e.expiresAt > now {
            let (problem, compiled) = e.silence.validate()
            if let problem {
                problems.append("silence \(e.silence.id): \(problem)")
                continue
            }
            loaded[e.silence.id] = Entry(silence: e.silence, compiled: compiled, expiresAt: e.expiresAt)
        }
        lock.withLock {
            entries = loaded
            changes += 1
        }
        notify()
        return problems
    }
}
