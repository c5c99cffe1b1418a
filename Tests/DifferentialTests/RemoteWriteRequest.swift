import Foundation
import PromQL
import TimeSeries

/// A Prometheus remote-write (1.0) request body: a protobuf `WriteRequest` compressed with snappy.
///
/// Only what the test sends is encoded: series with labels and float samples. The snappy output uses
/// literal blocks only (valid snappy that does not compress), which spares a compressor.
enum RemoteWriteRequest {
    static func body(_ series: [(labels: Labels, samples: [Sample])]) -> Data {
        var request = Data()
        for s in series where !s.samples.isEmpty {
            var ts = Data()
            for label in s.labels {
                var l = Data()
                appendBytes(&l, field: 1, Data(label.name.utf8))
                appendBytes(&l, field: 2, Data(label.value.utf8))
                appendBytes(&ts, field: 1, l)
            }
            for sample in s.samples {
                var p = Data()
                appendTag(&p, field: 1, wireType: 1)
                withUnsafeBytes(of: sample.v.bitPattern.littleEndian) { p.append(contentsOf: $0) }
                appendTag(&p, field: 2, wireType: 0)
                appendVarint(&p, UInt64(bitPattern: sample.t))
                appendBytes(&ts, field: 2, p)
            }
            appendBytes(&request, field: 1, ts)
        }
        return snappyLiterals(request)
    }

    private static func appendVarint(_ data: inout Data, _ value: UInt64) {
        var v = value
        while v >= 0x80 {
            data.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        data.append(UInt8(v))
    }

    private static func appendTag(_ data: inout Data, field: UInt64, wireType: UInt64) {
        appendVarint(&data, field << 3 | wireType)
    }

    private static func appendBytes(_ data: inout Data, field: UInt64, _ bytes: Data) {
        appendTag(&data, field: field, wireType: 2)
        appendVarint(&data, UInt64(bytes.count))
        data.append(bytes)
    }

    /// Snappy block format: the uncompressed length as a varint, then literal elements of at most 64 KiB,
    /// each tagged `61 << 2` (a literal whose length − 1 follows in two little-endian bytes).
    static func snappyLiterals(_ input: Data) -> Data {
        var out = Data()
        appendVarint(&out, UInt64(input.count))
        var offset = input.startIndex
        while offset < input.endIndex {
            let n = min(65_536, input.endIndex - offset)
            out.append(61 << 2)
            out.append(UInt8((n - 1) & 0xFF))
            out.append(UInt8((n - 1) >> 8))
            out.append(input[offset..<(offset + n)])
            offset += n
        }
        return out
    }
}
