import GoTemplate
import Logging
import Notifiers
import Routing

/// The router's integrations of one receiver: each notifier `IntegrationFactory` builds, wrapped for the
/// pipeline. Integration types Vigil does not implement, and integrations whose settings it cannot honour,
/// are logged; their notifications are dropped (a receiver without integrations does the same upstream).
enum ReceiverIntegrations {
    static func build(_ receiver: ReceiverConfig, template: AlertmanagerTemplate, externalURL: String, logger: Logger) -> [Integration] {
        let result = IntegrationFactory.notifiers(for: receiver, template: template)
        for name in result.unsupported {
            logger.warning("receiver integration not supported by Vigil; its notifications are dropped",
                           metadata: ["receiver": .string(receiver.name), "integration": .string(name)])
        }
        for f in result.failed {
            logger.error("receiver integration cannot be used; its notifications are dropped",
                         metadata: ["receiver": .string(receiver.name), "integration": .string("\(f.name)[\(f.index)]"),
                                    "error": .string(f.error.description)])
        }
        return result.notifiers.map { built in
            Integration(name: built.name, index: built.index, sendResolved: built.notifier.sendResolved,
                        notifier: RoutedNotifier(built.notifier, externalURL: externalURL))
        }
    }
}
