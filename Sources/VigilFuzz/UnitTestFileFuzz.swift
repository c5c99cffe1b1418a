import PromQL
import RuleTesting

/// promtool unit-test files: the strict reader, then each input series in the test notation (its series
/// description and its expanding values), as the runner reads them before evaluating.
enum UnitTestFileFuzz {
    static func run(_ text: String) {
        let file: UnitTestFile
        do {
            file = try UnitTestFileReader().read(text: text, file: "fuzz.test.yaml")
        } catch {
            _ = error.description
            return
        }
        for group in file.tests {
            for input in group.inputSeries {
                _ = try? SeriesDescription.parse(prefixOf: input.series)
                _ = try? SeriesValues.parse(input.values)
            }
            _ = group.maxEvalTime
        }
    }
}
