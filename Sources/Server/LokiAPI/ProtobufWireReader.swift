/// Reads protocol buffers' wire format (https://protobuf.dev/programming-guides/encoding/) field by field:
/// enough to decode a message whose schema the caller knows, skipping fields it does not. Every length is
/// checked against what is left, so a hostile body ends in an error, never a trap or a large allocation.
struct ProtobufWireReader {
    struct Malformed: Error {
        let message: String
    }

    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case bytes(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }

    /// The next field's number and value; nil at the end of the message.
    mutating func next() throws(Malformed) -> (field: UInt64, value: Value)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        let field = key >> 3
        guard field > 0 else { throw Malformed(message: "field number 0") }
        switch key & 7 {
        case 0: return (field, .varint(try varint()))
        case 1: return (field, .fixed64(try fixed(8)))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else { throw Malformed(message: "a length-delimited field runs past the end") }
            let start = index
            index += Int(length)
            return (field, .bytes(bytes[start..<index]))
        case 5: return (field, .fixed32(UInt32(truncatingIfNeeded: try fixed(4))))
        default: throw Malformed(message: "unsupported wire type \(key & 7)")
        }
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { throw Malformed(message: "a varint longer than ten bytes") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed(message: "a varint runs past the end")
    }

    private mutating func fixed(_ count: Int) throws(Malformed) -> UInt64 {
        guard bytes.endIndex - index >= count else { throw Malformed(message: "a fixed-size field runs past the end") }
        var result: UInt64 = 0
        for i in 0..<count { result |= UInt64(bytes[index + i]) << (8 * UInt64(i)) }
        index += count
        return result
    }
}

extension ProtobufWireReader.Value {
    /// A `string` field's text; protobuf requires UTF-8, as Loki's decoder does.
    func string() throws(ProtobufWireReader.Malformed) -> String {
        guard case .bytes(let b) = self else { throw ProtobufWireReader.Malformed(message: "expected a string") }
        guard let text = String(validating: b, as: UTF8.self) else { throw ProtobufWireReader.Malformed(message: "a string is not valid UTF-8") }
        return text
    }

    func message() throws(ProtobufWireReader.Malformed) -> ArraySlice<UInt8> {
        guard case .bytes(let b) = self else { throw ProtobufWireReader.Malformed(message: "expected a message") }
        return b
    }

    func integer() throws(ProtobufWireReader.Malformed) -> UInt64 {
        guard case .varint(let v) = self else { throw ProtobufWireReader.Malformed(message: "expected an integer") }
        return v
    }
}
