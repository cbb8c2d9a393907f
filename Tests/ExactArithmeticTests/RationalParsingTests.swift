import ExactArithmetic
import Testing

@Suite struct RationalParsingTests {
    @Test(arguments: [
        ("0.1", "1/10"), ("-2/3", "-2/3"), ("1e-3", "1/1000"), ("2.5E+2", "250"),
        ("+7", "7"), ("-0", "0"), ("0.50", "1/2"), ("12.", "12"), (".5", "1/2"),
        ("4/-6", "-2/3"), ("1e20", "100000000000000000000"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("1.5e-20", "3/200000000000000000000"),
    ])
    func parsesExactly(text: String, expected: String) throws {
        #expect(try Rational(parsing: text).description == expected)
    }

    @Test(arguments: ["", "-", "abc", "1.2.3", "1e", "1e+", "2/0", "1/2/3", "0x10", "1 ", "e5", "1/", "/2", "1e99999999"])
    func rejects(text: String) {
        #expect(throws: RationalParseError.self) { try Rational(parsing: text) }
        #expect(Rational(text) == nil)
    }
}
