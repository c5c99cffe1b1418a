import Testing
@testable import PromQLTestScripts
