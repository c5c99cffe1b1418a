import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// client_golang's process collector, for Linux: CPU time, memory, file descriptors and start time, read
/// from /proc. Elsewhere (or when /proc cannot be read) the families are simply absent.
enum ProcessMetrics {
    static func families() -> [MetricFamily] {
        #if os(Linux)
        var families: [MetricFamily] = []
        func gauge(_ name: String, _ help: String, _ value: Double?) {
            guard let value else { return }
            families.append(MetricFamily(name: name, help: help, kind: .gauge, samples: [.init([], value)]))
        }
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8), let fields = statFields(stat) {
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
            if let utime = fields.double(14), let stime = fields.double(15), ticks > 0 {
                families.append(MetricFamily(name: "process_cpu_seconds_total",
                                             help: "Total user and system CPU time spent in seconds.", kind: .counter,
                                             samples: [.init([], (utime + stime) / ticks)]))
            }
            gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", fields.double(23))
            gauge("process_resident_memory_bytes", "Resident memory size in bytes.", fields.double(24).map { $0 * pageSize })
            if let start = fields.double(22), let boot = bootTime(), ticks > 0 {
                gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", boot + start / ticks)
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            gauge("process_open_fds", "Number of open file descriptors.", Double(fds.count))
        }
        gauge("process_max_fds", "Maximum number of open file descriptors.", maxOpenFiles())
        return families
        #else
        return []
        #endif
    }

    /// The fields of /proc/self/stat, numbered from 1 as proc(5) numbers them. The command name (field 2)
    /// may hold spaces and parentheses, so the rest is read after its last `)`.
    struct StatFields {
        let rest: [Substring]
        /// Field `n` (n ≥ 3) as a number.
        func double(_ n: Int) -> Double? {
            let i = n - 3
            return i >= 0 && i < rest.count ? Double(rest[i]) : nil
        }
    }

    static func statFields(_ stat: String) -> StatFields? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return StatFields(rest: stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true))
    }

    /// The `btime` line of /proc/stat: when the system booted, in Unix seconds.
    static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The soft limit of `Max open files` in /proc/self/limits.
    static func maxOpenFiles() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/limits", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let columns = line.dropFirst("Max open files".count).split(separator: " ", omittingEmptySubsequences: true)
            return columns.first.flatMap { Double($0) }
        }
        return nil
    }
}
