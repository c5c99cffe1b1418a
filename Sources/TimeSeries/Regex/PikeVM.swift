/// Thompson NFA simulation with capture tracking (Pike's VM), as Go's `regexp` runs it: all threads advance
/// together one scalar at a time, each instruction at most once per position, so the time is linear in the
/// text times the program size whatever the pattern. Threads are kept in priority order, which gives
/// leftmost-first (Perl) semantics: when a thread matches, lower-priority threads are dropped.
struct PikeVM {
    /// One queue of threads for a text position: a sparse set of instructions in priority order, with the
    /// capture slots of each thread.
    private struct Queue {
        var sparse: [Int32]
        var dense: [Int32] = []
        var slots: [Int] = []
        let slotCount: Int

        init(size: Int, slotCount: Int) {
            sparse = Array(repeating: 0, count: size)
            self.slotCount = slotCount
        }

        @inline(__always)
        func contains(_ pc: Int32) -> Bool {
            let j = Int(sparse[Int(pc)])
            return j < dense.count && dense[j] == pc
        }

        @inline(__always)
        mutating func insert(_ pc: Int32) -> Int {
            let j = dense.count
            sparse[Int(pc)] = Int32(j)
            dense.append(pc)
            if slotCount > 0 && slots.count < dense.count * slotCount {
                slots.append(contentsOf: repeatElement(-1, count: slotCount))
            }
            return j
        }

        mutating func clear() { dense.removeAll(keepingCapacity: true) }
    }

    let program: RegexProgram

    /// The leftmost-first match starting at or after `from`: the capture slots (the first `slotCount` of
    /// them; 0 to ask only whether there is a match), or nil.
    func search(_ input: RegexInput, from: Int, slotCount: Int) -> [Int]? {
        let prog = program
        let insts = prog.insts
        let anchoredAtStart = prog.anchoredStart
        var runq = Queue(size: insts.count, slotCount: slotCount)
        var nextq = Queue(size: insts.count, slotCount: slotCount)
        var stack: [(pc: Int32, slot: Int32, value: Int)] = []
        var threadSlots = Array(repeating: -1, count: slotCount)
        var matchSlots = Array(repeating: -1, count: slotCount)
        var matched = false

        /// Adds the thread at `pc` and everything reachable without consuming, in priority order.
        func add(_ q: inout Queue, _ pc0: Int32, _ pos: Int, _ slots: inout [Int], _ context: EmptyFlags) {
            stack.append((pc0, -1, 0))
            while let frame = stack.popLast() {
                if frame.slot >= 0 {
                    slots[Int(frame.slot)] = frame.value  // leaving a capture: restore the slot
                    continue
                }
                var pc = frame.pc
                while pc != 0 && !q.contains(pc) {
                    let j = q.insert(pc)
                    let inst = insts[Int(pc)]
                    switch inst.op {
                    case .fail:
                        pc = 0
                    case .alt:
                        stack.append((inst.arg, -1, 0))
                        pc = inst.out
                    case .emptyWidth:
                        pc = context.isSuperset(of: EmptyFlags(rawValue: UInt8(inst.arg))) ? inst.out : 0
                    case .nop:
                        pc = inst.out
                    case .capture:
                        if Int(inst.arg) < slotCount {
                            stack.append((0, inst.arg, slots[Int(inst.arg)]))
                            slots[Int(inst.arg)] = pos
                        }
                        pc = inst.out
                    case .match, .rune1, .runeClass, .runeAny, .runeAnyNotNewline:
                        if slotCount > 0 {
                            let base = j * slotCount
                            for k in 0..<slotCount { q.slots[base + k] = slots[k] }
                        }
                        pc = 0
                    }
                }
            }
        }

        var pos = from
        var (r, width) = input.scalar(at: pos)
        var (r1, width1) = r >= 0 ? input.scalar(at: pos + width) : (-1, 0)
        var context = EmptyFlags.context(input.scalar(before: pos), r)
        while true {
            if runq.dense.isEmpty {
                if anchoredAtStart && pos != 0 { break }  // no thread left, and none may start here
                if matched { break }
            }
            if !matched && (!anchoredAtStart || pos == 0) {
                if slotCount > 0 {
                    for k in 0..<slotCount { threadSlots[k] = -1 }
                    threadSlots[0] = pos
                }
                add(&runq, Int32(prog.start), pos, &threadSlots, context)
            }
            let nextContext = EmptyFlags.context(r, r1)
            // Step every thread over scalar r, in priority order.
            var j = 0
            while j < runq.dense.count {
                let pc = runq.dense[j]
                let inst = insts[Int(pc)]
                if inst.op == .match {
                    if slotCount > 0 {
                        let base = j * slotCount
                        for k in 0..<slotCount { matchSlots[k] = runq.slots[base + k] }
                        if slotCount > 1 { matchSlots[1] = pos }
                    }
                    matched = true
                    break  // lower-priority threads lose to this match
                }
                if prog.accepts(inst, r) {
                    if slotCount > 0 {
                        let base = j * slotCount
                        for k in 0..<slotCount { threadSlots[k] = runq.slots[base + k] }
                    }
                    add(&nextq, inst.out, pos + width, &threadSlots, nextContext)
                }
                j += 1
            }
            runq.clear()
            if width == 0 { break }
            if slotCount == 0 && matched { break }
            pos += width
            (r, width) = (r1, width1)
            if r >= 0 { (r1, width1) = input.scalar(at: pos + width) }
            context = nextContext
            swap(&runq, &nextq)
        }
        return matched ? matchSlots : nil
    }
}
