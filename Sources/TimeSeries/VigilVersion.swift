/// Vigil's version, printed by `vigil --version` in the shape promtool and amtool print theirs, and reported by
/// the APIs that ask for build information.
public enum VigilVersion {
    public static let version = "0.1.0"

    /// `linux/amd64` and the like, as Go names platforms.
    public static var platform: String {
        #if os(Linux)
        let os = "linux"
        #elseif os(macOS)
        let os = "darwin"
        #else
        let os = "unknown"
        #endif
        #if arch(x86_64)
        let arch = "amd64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        return "\(os)/\(arch)"
    }

    /// The Swift compiler that built this binary.
    public static var swiftVersion: String {
        #if compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// The `--version` text.
    public static var description: String {
        """
        vigil, version \(version)
          swift version:    \(swiftVersion)
          platform:         \(platform)
        """
    }
}
