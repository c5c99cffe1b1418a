/// A depth-first matcher for small programs on short texts, like Go's `backtrack.go`: it explores
/// alternatives in priority order and remembers every (instruction, position) pair it has tried in a bitmap,
/// so it never tries one twice. That bounds the work by program size × text length, like the Pike VM, while
/// avoiding its thread bookkeeping; the bitmap's size is what limits its use to small inputs.
struct BacktrackMatcher {
    /// Go's limits: programs of at most 500 instructions, bitmaps of at most 256 Kbit.
    static let maxProgramSize = 500
    static let maxBitmapBits = 256 * 1024

    let program: RegexProgram

    static func canRun(_ program: RegexProgram, textLength: Int) -> Bool {
        program.insts.count <= maxProgramSize && textLength < maxBitmapBits / program.insts.count
    }

    private struct Job {
        var pc: Int32
        /// For an `alt`: its second branch is still to try. For a `capture`: restore the slot to `pos`.
        var resume: Bool
        var pos: Int
    }

    /// The leftmost-first match starting at or after `from`, as `PikeVM.search`.
    func search(_ input: RegexInput, from: Int, slotCount: Int) -> [Int]? {
        let prog = program
        let insts = prog.insts
        let end = input.count
        let stride = end + 1
        var visited = [UInt64](repeating: 0, count: (insts.count * stride + 63) / 64)
        var jobs: [Job] = []
        var slots = [Int](repeating: -1, count: slotCount)

        @inline(__always)
        func shouldVisit(_ pc: Int32, _ pos: Int) -> Bool {
            let n = Int(pc) * stride + pos
            let bit: UInt64 = 1 << UInt64(n & 63)
            if visited[n >> 6] & bit != 0 { return false }
            visited[n >> 6] |= bit
            return true
        }

        /// Tries to match at `start`; leaves the match's slots in `slots`.
        func attempt(_ start: Int) -> Bool {
            if shouldVisit(Int32(prog.start), start) { jobs.append(Job(pc: Int32(prog.start), resume: false, pos: start)) }
            while let job = jobs.popLast() {
                var pc = job.pc
                var pos = job.pos
                var resume = job.resume
                var first = true
                // Follow one path as far as it goes, pushing the alternatives left behind.
                while true {
                    if !first && !shouldVisit(pc, pos) { break }
                    first = false
                    let inst = insts[Int(pc)]
                    switch inst.op {
                    case .fail:
                        break
                    case .alt:
                        if resume {
                            resume = false
                            pc = inst.arg
                            continue
                        }
                        jobs.append(Job(pc: pc, resume: true, pos: pos))
                        pc = inst.out
                        continue
                    case .rune1, .runeClass, .runeAny, .runeAnyNotNewline:
                        let (c, width) = input.scalar(at: pos)
                        guard prog.accepts(inst, c) else { break }
                        pos += width
                        pc = inst.out
                        continue
                    case .capture:
                        if resume {
                            slots[Int(inst.arg)] = pos  // finished with this path: restore the old value
                            break
                        }
                        if Int(inst.arg) < slotCount {
                            jobs.append(Job(pc: pc, resume: true, pos: slots[Int(inst.arg)]))
                            slots[Int(inst.arg)] = pos
                        }
                        pc = inst.out
                        continue
                    case .emptyWidth:
                        guard input.context(at: pos).isSuperset(of: EmptyFlags(rawValue: UInt8(inst.arg))) else { break }
                        pc = inst.out
                        continue
                    case .nop:
                        pc = inst.out
                        continue
                    case .match:
                        if slotCount > 1 { slots[1] = pos }
                        return true
                    }
                    break
                }
            }
            return false
        }

        var pos = from
        while true {
            if slotCount > 0 { slots[0] = pos }
            if attempt(pos) { return slots }
            if prog.anchoredStart || pos >= end { return nil }
            pos += input.scalar(at: pos).1
        }
    }
}
