/// Prometheus's `almost.Equal`: relative comparison with a floor near zero; two NaNs are equal.
public func almostEqual(_ a: Double, _ b: Double, epsilon: Double) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let minNormal = Double.leastNormalMagnitude
    let absSum = abs(a) + abs(b)
    let diff = abs(a - b)
    if a == 0 || b == 0 || absSum < minNormal { return diff < epsilon * minNormal }
    return diff / min(absSum, Double.greatestFiniteMagnitude) < epsilon
}
