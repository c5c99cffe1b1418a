import VigilFuzz

// libFuzzer calls this for every input; built with -parse-as-library, libFuzzer supplies main.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.logqlEval.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
