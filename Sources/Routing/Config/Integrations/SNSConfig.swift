import ConfigYAML

/// `sns_configs`: Amazon SNS, signed with SigV4.
public struct SNSConfig: Sendable, Hashable, Decodable {
    public struct SigV4: Sendable, Hashable, Decodable {
        public var region = ""
        public var accessKey = ""
        public var secretKey: Secret?
        public var profile = ""
        public var roleARN = ""
        public var externalID = ""
        public var useFIPSSTSEndpoint = false
        enum CodingKeys: String, CodingKey {
            case region, accessKey = "access_key", secretKey = "secret_key", profile, roleARN = "role_arn"
            case externalID = "external_id", useFIPSSTSEndpoint = "use_fips_sts_endpoint"
        }
        public init() {}
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
            accessKey = try c.decodeIfPresent(String.self, forKey: .accessKey) ?? ""
            secretKey = try c.decodeIfPresent(Secret.self, forKey: .secretKey)
            profile = try c.decodeIfPresent(String.self, forKey: .profile) ?? ""
            roleARN = try c.decodeIfPresent(String.self, forKey: .roleARN) ?? ""
            externalID = try c.decodeIfPresent(String.self, forKey: .externalID) ?? ""
            useFIPSSTSEndpoint = try c.decodeIfPresent(Bool.self, forKey: .useFIPSSTSEndpoint) ?? false
            if accessKey.isEmpty != (secretKey?.isEmpty ?? true) {
                throw ConfigValueError("must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config")
            }
        }
    }

    public var sendResolved: Bool
    public var httpConfig: HTTPConfig?
    public var apiURL = ""
    public var sigv4 = SigV4()
    public var topicARN = ""
    public var phoneNumber = ""
    public var targetARN = ""
    public var subject = defaultTemplate("sns.default.subject")
    public var message = defaultTemplate("sns.default.message")
    public var attributes: [String: String] = [:]
    public var useAWSHTTPClient = false

    enum CodingKeys: String, CodingKey {
        case apiURL = "api_url", sigv4, topicARN = "topic_arn", phoneNumber = "phone_number", targetARN = "target_arn"
        case subject, message, attributes, useAWSHTTPClient = "use_aws_http_client"
    }

    public init(from decoder: any Decoder) throws {
        let common = try NotifierCommon(from: decoder, sendResolvedByDefault: true)
        sendResolved = common.sendResolved
        httpConfig = common.httpConfig
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiURL = try c.decodeIfPresent(String.self, forKey: .apiURL) ?? ""
        sigv4 = try c.decodeIfPresent(SigV4.self, forKey: .sigv4) ?? SigV4()
        topicARN = try c.decodeIfPresent(String.self, forKey: .topicARN) ?? ""
        phoneNumber = try c.decodeIfPresent(String.self, forKey: .phoneNumber) ?? ""
        targetARN = try c.decodeIfPresent(String.self, forKey: .targetARN) ?? ""
        subject = try c.decodeIfPresent(String.self, forKey: .subject) ?? subject
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? message
        attributes = try c.decodeStringMap(forKey: .attributes) ?? [:]
        useAWSHTTPClient = try c.decodeIfPresent(Bool.self, forKey: .useAWSHTTPClient) ?? false
        // Upstream's test is a chain of `!=`: it passes when one target is set, and also when all three are.
        if (targetARN.isEmpty != topicARN.isEmpty) != phoneNumber.isEmpty {
            throw ConfigValueError("must provide either a Target ARN, Topic ARN, or Phone Number for SNS config")
        }
    }
}
