/// Int64 arithmetic on times that clamps at the limits instead of trapping: query times, ranges and offsets
/// come from users.
extension Int64 {
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }

    func saturatingSub(_ other: Int64) -> Int64 {
        let (r, o) = subtractingReportingOverflow(other)
        return o ? (other < 0 ? .max : .min) : r
    }
}
