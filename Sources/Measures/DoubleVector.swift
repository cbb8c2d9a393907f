/// Vectors of doubles for the cone estimates, which steer and estimate
/// but certify nothing.
enum DoubleVector {
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    /// `v` scaled to unit length (`v` itself when it is 0).
    static func normalized(_ v: [Double]) -> [Double] {
        let size = dot(v, v).squareRoot()
        return size > 0 ? v.map { $0 / size } : v
    }
}
