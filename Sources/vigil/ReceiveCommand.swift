import ArgumentParser
import Foundation
import Logging
import Server
import VigilService

/// `vigil receive`: a webhook receiver that shows each notification Alertmanager (or Vigil) sends it.
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive Alertmanager webhook notifications and print each one as it arrives.",
        discussion: """
            Point a receiver's webhook_configs url at this address, on any path. Each notification is printed \
            to standard output (a header line and one line per alert, or one JSON line with --output json) and, \
            with --file, appended to that file as one JSON line: the body as received plus receivedAt. Logs go to \
            standard error. A body that is not a webhook message is answered 400 with the reason.
            """)

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on.")
    var listenAddress: String = "127.0.0.1:9095"

    @Option(name: .long, help: "What to print for each notification: text or json.")
    var output: String = "text"

    @Option(name: .long, help: "Also append each notification to this file as one JSON line.")
    var file: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        guard let outputFormat = ReceivedWebhookWriter.Format(rawValue: output) else {
            throw ValidationError("--output must be text or json, got \"\(output)\"")
        }
        let address: ListenAddress
        do { address = try ListenAddress(parsing: listenAddress) } catch {
            throw ValidationError("--web.listen-address: \(error)")
        }
        if let file, file.isEmpty { throw ValidationError("--file must name a file") }

        try logging.bootstrap()
        let logger = Logger(label: "vigil.receive")
        do {
            try await ReceiveProcess.runUntilSignalled(.init(listenAddress: address, format: outputFormat, filePath: file),
                                                       logger: logger)
        } catch {
            FileHandle.standardError.write(Data("vigil: error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
