// promqltest: runs upstream Prometheus's PromQL engine test scripts against the linked engine.
import Foundation
import PromQLTestScripts

let status = PromQLTestCommand.run(arguments: Array(CommandLine.arguments.dropFirst()), engine: makeDefaultEngine) {
    print($0)
}
exit(status)
