import SwiftProtobuf
import TimeSeries

/// The receiving side of remote write 1.0: a Snappy-compressed prompb `WriteRequest` body back into series,
/// for Vigil's demo backend (which stores what the ruler records) and for tests of the sender.
public enum RemoteWriteDecoding {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The series of a request body; `maxLength` bounds the decompressed size.
    public static func series(fromCompressed body: [UInt8], maxLength: Int = 64 << 20) throws(Failure) -> [RemoteWriteSeries] {
        let raw: [UInt8]
        do { raw = try Snappy.decompress(body, maxLength: maxLength) } catch {
            throw Failure(description: "snappy decode error: \(error)")
        }
        let request: Prometheus_WriteRequest
        do { request = try Prometheus_WriteRequest(serializedBytes: raw) } catch {
            throw Failure(description: "protobuf decode error: \(error)")
        }
        return request.timeseries.map { ts in
            RemoteWriteSeries(labels: Labels(ts.labels.map { Label($0.name, $0.value) }),
                              samples: ts.samples.map { Sample(t: $0.timestamp, v: $0.value) },
                              histograms: ts.histograms.map(WriteRequestEncoding.nativeHistogram))
        }
    }
}
