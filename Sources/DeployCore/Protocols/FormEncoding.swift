import Foundation

/// `application/x-www-form-urlencoded` (and URL queries): `a=1&b=x+y` → `[("a", "1"), ("b", "x y")]`.
package enum FormEncoding {
    package static func decode(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
