/// Go's `math.Log`, `math.Log2` and `math.Exp2`, operation for operation (the FreeBSD msun algorithms Go
/// uses on amd64). The platform's libm rounds differently in the last bit now and then, and histogram
/// quantiles and fractions are compared with upstream's results, so interpolation goes through these.
enum GoFloatMath {
    /// `math.Frexp`: x = frac × 2^exp with |frac| in [0.5, 1).
    static func frexp(_ x: Double) -> (frac: Double, exp: Int) {
        if x == 0 || x.isNaN || x.isInfinite { return (x, 0) }
        // significand is in [1, 2) also for subnormals, with the exponent adjusted accordingly.
        let frac = Double(sign: x.sign, exponent: -1, significand: x.significand)
        return (frac, Int(x.exponent) + 1)
    }

    static func log(_ x: Double) -> Double {
        let ln2Hi = 6.93147180369123816490e-01
        let ln2Lo = 1.90821492927058770002e-10
        let l1 = 6.666666666666735130e-01
        let l2 = 3.999999999940941908e-01
        let l3 = 2.857142874366239149e-01
        let l4 = 2.222219843214978396e-01
        let l5 = 1.818357216161805012e-01
        let l6 = 1.531383769920937332e-01
        let l7 = 1.479819860511658591e-01
        if x.isNaN || x == .infinity { return x }
        if x < 0 { return .nan }
        if x == 0 { return -.infinity }
        var (f1, ki) = frexp(x)
        if f1 < 1.41421356237309504880168872420969807856967187537694807317667974 / 2 {
            f1 *= 2
            ki -= 1
        }
        let f = f1 - 1
        let k = Double(ki)
        let s = f / (2 + f)
        let s2 = s * s
        let s4 = s2 * s2
        let t1 = s2 * (l1 + s4 * (l3 + s4 * (l5 + s4 * l7)))
        let t2 = s4 * (l2 + s4 * (l4 + s4 * l6))
        let r = t1 + t2
        let hfsq = 0.5 * f * f
        return k * ln2Hi - ((hfsq - (s * (hfsq + r) + k * ln2Lo)) - f)
    }

    static func log2(_ x: Double) -> Double {
        let (frac, exp) = frexp(x)
        // Exact powers of two give exact answers.
        if frac == 0.5 { return Double(exp - 1) }
        return log(frac) * 1.44269504088896340735992468100189213742664595415298593413544940693110921918118507988552662 + Double(exp)
    }

    static func exp2(_ x: Double) -> Double {
        let ln2Hi = 6.93147180369123816490e-01
        let ln2Lo = 1.90821492927058770002e-10
        if x.isNaN || x == .infinity { return x }
        if x == -.infinity { return 0 }
        if x > 1.0239999999999999e+03 { return .infinity }
        if x < -1.0740e+03 { return 0 }
        var k = 0
        if x > 0 { k = Int(x + 0.5) } else if x < 0 { k = Int(x - 0.5) }
        let t = x - Double(k)
        let hi = t * ln2Hi
        let lo = -t * ln2Lo
        return expmulti(hi, lo, k)
    }

    private static func expmulti(_ hi: Double, _ lo: Double, _ k: Int) -> Double {
        let p1 = 1.66666666666666657415e-01
        let p2 = -2.77777777770155933842e-03
        let p3 = 6.61375632143793436117e-05
        let p4 = -1.65339022054652515390e-06
        let p5 = 4.13813679705723846039e-08
        let r = hi - lo
        let t = r * r
        let c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return ldexp(y, k)
    }

    /// `math.Ldexp`: y × 2^k. Subnormal results are produced by one final multiplication by 2^-53, as Go
    /// does, so they round the same way.
    static func ldexp(_ y: Double, _ k: Int) -> Double {
        if y == 0 || y.isNaN || y.isInfinite { return y }
        var exp = Int(y.exponent) + k
        if exp < -1075 { return Double(sign: y.sign, exponent: 0, significand: 0) }
        if exp > 1023 { return y < 0 ? -.infinity : .infinity }
        var m = 1.0
        if exp < -1022 {
            exp += 53
            m = 0x1p-53
        }
        return m * Double(sign: y.sign, exponent: exp, significand: y.significand)
    }
}
