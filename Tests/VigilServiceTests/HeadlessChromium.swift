import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's Chromium, headless, driven over the DevTools protocol through `--remote-debugging-pipe`:
/// the browser reads commands from its file descriptor 3 and writes answers and events to 4, each a
/// JSON message ended by a NUL byte. No port, no WebSocket, nothing to install beyond `chromium`.
///
/// One page is opened and attached in flat mode (`Target.attachToTarget` with `flatten`), so page
/// commands carry its `sessionId`. A reader thread collects every message; `send` waits for the answer
/// to its own command.
final class HeadlessChromium: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The browser to run: `VIGIL_CHROMIUM` when set (nil when that is not an executable file), else the
    /// first of Debian's and other usual names found on the PATH.
    static let executable: String? = {
        if let path = ProcessInfo.processInfo.environment["VIGIL_CHROMIUM"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    /// One decoded message; only the reader thread and the one waiter it is handed to touch it.
    struct Message: @unchecked Sendable {
        var fields: [String: Any]
    }

    private let pid: pid_t
    private let commands: Int32
    private let answers: Int32
    private let profile: URL
    private let lock = NSLock()
    private var nextID = 1
    private var waiting: [Int: CheckedContinuation<Message, any Error>] = [:]
    private var collected: [[String: Any]] = []
    /// The browser closed its end of the pipe.
    private var exited = false
    private var closed = false
    /// The attached page's session.
    private(set) var session = ""

    /// Starts the browser with a fresh profile and a window the size of a phone's screen (412×915 CSS
    /// pixels, a common Android size), then opens and attaches one blank page.
    static func start(windowSize: (width: Int, height: Int) = (412, 915)) async throws -> HeadlessChromium {
        guard let executable else { throw Failure("no chromium on the PATH") }
        // A browser that died leaves a pipe without reader: writing to it must fail, not end the tests.
        signal(SIGPIPE, SIG_IGN)
        let browser = try HeadlessChromium(executable: executable, windowSize: windowSize)
        do {
            let target = try await browser.send("Target.createTarget", ["url": "about:blank"], session: nil)
            guard let id = target["targetId"] as? String else { throw Failure("Target.createTarget answered \(target)") }
            let attached = try await browser.send("Target.attachToTarget", ["targetId": id, "flatten": true], session: nil)
            guard let session = attached["sessionId"] as? String else { throw Failure("Target.attachToTarget answered \(attached)") }
            browser.session = session
            _ = try await browser.send("Page.enable")
            _ = try await browser.send("Runtime.enable")
            _ = try await browser.send("Log.enable")
            _ = try await browser.send("Emulation.setDeviceMetricsOverride", [
                "width": windowSize.width, "height": windowSize.height, "deviceScaleFactor": 1, "mobile": true,
            ])
            return browser
        } catch {
            browser.close()
            throw error
        }
    }

    private init(executable: String, windowSize: (width: Int, height: Int)) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        // Both pipes close on exec; dup2 onto 3 and 4 in the child clears that flag on the copies only.
        // Moved to 10 or above first so that dup2 onto 3 cannot overwrite the other pipe's end.
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            // (Glibc's module does not export pipe2; the copies below are the ones kept, close-on-exec.)
            guard pipe(&fds) == 0 else { throw Failure("pipe failed: errno \(errno)") }
            let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
            let write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
            Glibc.close(fds[0])
            Glibc.close(fds[1])
            guard read >= 0, write >= 0 else { throw Failure("fcntl failed: errno \(errno)") }
            return (read, write)
        }
        let toBrowser = try pipePair()
        let fromBrowser = try pipePair()
        let arguments = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
            "--window-size=\(windowSize.width),\(windowSize.height)", "about:blank",
        ]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
        // The browser's own chatter goes to a log in its profile folder, shown when something fails.
        posix_spawn_file_actions_addopen(&actions, 1, profile.appendingPathComponent("chromium.log").path,
                                         O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        Glibc.close(toBrowser.read)
        Glibc.close(fromBrowser.write)
        guard spawned == 0 else {
            Glibc.close(toBrowser.write)
            Glibc.close(fromBrowser.read)
            throw Failure("could not start \(executable): error \(spawned)")
        }
        pid = child
        commands = toBrowser.write
        answers = fromBrowser.read
        let thread = Thread { [self] in readMessages() }
        thread.start()
    }

    /// Sends a command (to the page unless `session` is nil: the browser) and waits for its answer's
    /// `result`; an `error` answer or no answer within `timeout` throws.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = "", timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        let id = lock.withLock { () -> Int in
            defer { nextID += 1 }
            return nextID
        }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        let target = session == "" ? self.session : session
        if let target { message["sessionId"] = target }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        // The waiter is registered before the command is written, so the reader always finds it; whoever
        // removes it from `waiting` (the reader, a failed write, the timer) is the one who resumes it.
        let answer = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Message, any Error>) in
            let hasExited = lock.withLock { () -> Bool in
                if !exited { waiting[id] = continuation }
                return exited
            }
            if hasExited { return continuation.resume(throwing: Failure("the browser has exited\(logTail())")) }
            do {
                try write(bytes)
            } catch {
                lock.withLock { waiting.removeValue(forKey: id) }?.resume(throwing: error)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.lock.withLock { self.waiting.removeValue(forKey: id) }?
                    .resume(throwing: Failure("no answer to \(method) within \(timeout)"))
            }
        }
        if let error = answer.fields["error"] as? [String: Any] {
            throw Failure("\(method) failed: \(error["message"] ?? error)\(logTail())")
        }
        return answer.fields["result"] as? [String: Any] ?? [:]
    }

    /// Evaluates JavaScript in the page (awaiting a promise it returns) and gives back the value.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let details = result["exceptionDetails"] as? [String: Any] {
            let exception = (details["exception"] as? [String: Any])?["description"] ?? details["text"] ?? details
            throw Failure("the page threw: \(exception)")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Loads `url` and waits until the document has loaded.
    func navigate(_ url: String) async throws {
        _ = try await send("Page.navigate", ["url": url])
        let loaded = await poll { try await self.evaluate("location.href === \(Self.quoted(url)) && document.readyState === 'complete'") as? Bool == true }
        if !loaded { throw Failure("\(url) did not load\(logTail())") }
    }

    /// Asks `condition` every 100 ms until it holds or `timeout` passes. A condition that throws (the
    /// page being replaced by a reload destroys the context it ran in) counts as not yet.
    func poll(timeout: Duration = .seconds(20), _ condition: @escaping () async throws -> Bool) async -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if (try? await condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return (try? await condition()) == true
    }

    /// What a person reads on the page: the rendered text of the body (hidden elements excluded).
    func visibleText() async throws -> String {
        try await evaluate("document.body.innerText") as? String ?? ""
    }

    /// Types into the element a CSS selector finds, as keystrokes would: focus it, select what it holds,
    /// insert the text.
    func type(_ selector: String, _ text: String) async throws {
        let found = try await evaluate("""
            (() => { const e = document.querySelector(\(Self.quoted(selector))); if (!e) return false;
                     e.focus(); e.select(); return true; })()
            """) as? Bool
        guard found == true else { throw Failure("nothing on the page matches \(selector)") }
        try await send("Input.insertText", ["text": text])
    }

    /// Clicks the middle of the element a CSS selector finds with the mouse, after scrolling it into view;
    /// fails when it is hidden or covered by something else.
    func click(_ selector: String) async throws {
        let box = try await evaluate("""
            (() => { const e = document.querySelector(\(Self.quoted(selector))); if (!e) return null;
                     e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
                     const x = r.left + r.width / 2, y = r.top + r.height / 2;
                     const top = document.elementFromPoint(x, y);
                     return {x, y, width: r.width, height: r.height, onTop: top === e || e.contains(top)}; })()
            """) as? [String: Any]
        guard let box, let x = box["x"] as? Double, let y = box["y"] as? Double else {
            throw Failure("nothing on the page matches \(selector)")
        }
        guard (box["width"] as? Double ?? 0) > 0, (box["height"] as? Double ?? 0) > 0, box["onTop"] as? Bool == true else {
            throw Failure("\(selector) is not visible where a person could click it: \(box)")
        }
        for type in ["mouseMoved", "mousePressed", "mouseReleased"] {
            try await send("Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": "left", "clickCount": 1])
        }
    }

    /// Events received so far with the given method (`Runtime.exceptionThrown`, `Log.entryAdded`).
    func events(_ method: String) -> [[String: Any]] {
        lock.withLock { collected.filter { $0["method"] as? String == method } }
    }

    /// Ends the browser and removes its profile.
    func close() {
        let wasClosed = lock.withLock { () -> Bool in
            defer { closed = true }
            return closed
        }
        if wasClosed { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        Glibc.close(commands)
        try? FileManager.default.removeItem(at: profile)
    }

    deinit { close() }

    static func quoted(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(commands, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("writing to the browser failed: errno \(errno)\(logTail())") }
            offset += n
        }
    }

    /// The reader thread: splits the stream at NUL bytes, hands each answer to its waiter and keeps the
    /// events. Ends when the browser closes its end; every waiter then gets an error.
    private func readMessages() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(answers, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer.append(contentsOf: chunk[0..<n])
            while let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let object = (try? JSONSerialization.jsonObject(with: Data(message))) as? [String: Any] else { continue }
                if let id = object["id"] as? Int {
                    lock.withLock { waiting.removeValue(forKey: id) }?.resume(returning: Message(fields: object))
                } else {
                    lock.withLock { collected.append(object) }
                }
            }
        }
        Glibc.close(answers)
        let waiters = lock.withLock { () -> [CheckedContinuation<Message, any Error>] in
            exited = true
            defer { waiting.removeAll() }
            return Array(waiting.values)
        }
        for w in waiters { w.resume(throwing: Failure("the browser has exited\(logTail())")) }
    }

    /// The end of the browser's log, for failure messages.
    private func logTail() -> String {
        guard let text = try? String(contentsOf: profile.appendingPathComponent("chromium.log"), encoding: .utf8) else { return "" }
        return "\nchromium's log ends:\n" + text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
