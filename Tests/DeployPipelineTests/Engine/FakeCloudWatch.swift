import DeployCore
import DeployPipeline
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization

/// CloudWatch's alarms in memory, on the JSON 1.0 protocol the library speaks: `PutMetricAlarm`,
/// `DescribeAlarms`, `DeleteAlarms`, `SetAlarmState`. State changes are stamped with the deploy
/// clock's time, so a test under a virtual clock sees consistent timestamps.
final class FakeCloudWatch: Sendable {
    struct Alarm: Sendable {
        var state = "INSUFFICIENT_DATA"
        var reason = "Unchecked: Initial alarm creation"
        var reasonData: String?
        var updated: Date
        var metric: String
        var dimensions: [[String: String]]
    }

    let clock: DeployClock
    let alarms = Mutex<[String: Alarm]>([:])
    /// Every operation, in order.
    let calls = Mutex<[String]>([])

    init(clock: DeployClock) { self.clock = clock }

    /// Serves CloudWatch on `mock` (its routes win over earlier catch-alls).
    func install(on mock: MockTransport) {
        for operation in ["PutMetricAlarm", "DescribeAlarms", "DeleteAlarms", "SetAlarmState"] {
            mock.on(.target("GraniteServiceVersion20100801.\(operation)"), reply: .handler { [self] in handle(operation, $0) })
        }
    }

    /// Sets an alarm's state as CloudWatch would when its threshold is crossed (or a user alarm that exists already).
    func set(_ name: String, _ state: String, reason: String = "Threshold Crossed", reasonData: String? = nil, at date: Date? = nil) {
        alarms.withLock { alarms in
            var alarm = alarms[name] ?? Alarm(updated: clock.now(), metric: "Errors", dimensions: [])
            alarm.state = state
            alarm.reason = reason
            alarm.reasonData = reasonData
            alarm.updated = date ?? clock.now()
            alarms[name] = alarm
        }
    }

    private func handle(_ operation: String, _ request: RecordedRequest) -> TransportResponse {
        calls.withLock { $0.append(operation) }
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let names = body["AlarmNames"] as? [String] ?? []
        let now = clock.now()
        let object: [String: Any] = alarms.withLock { alarms in
            switch operation {
            case "PutMetricAlarm":
                let name = body["AlarmName"] as? String ?? ""
                alarms[name] = Alarm(
                    updated: now, metric: body["MetricName"] as? String ?? "",
                    dimensions: body["Dimensions"] as? [[String: String]] ?? [])
            case "DeleteAlarms":
                for name in names { alarms[name] = nil }
            case "SetAlarmState":
                let name = body["AlarmName"] as? String ?? ""
                alarms[name]?.state = body["StateValue"] as? String ?? ""
                alarms[name]?.reason = body["StateReason"] as? String ?? ""
                alarms[name]?.reasonData = body["StateReasonData"] as? String
                alarms[name]?.updated = now
            default:
                let found = names.compactMap { name in
                    alarms[name].map { alarm -> [String: Any] in
                        var object: [String: Any] = [
                            "AlarmName": name, "StateValue": alarm.state, "StateReason": alarm.reason,
                            "StateUpdatedTimestamp": alarm.updated.timeIntervalSince1970, "MetricName": alarm.metric,
                            "Dimensions": alarm.dimensions,
                        ]
                        if let data = alarm.reasonData { object["StateReasonData"] = data }
                        return object
                    }
                }
                return ["MetricAlarms": found]
            }
            return [:]
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-amz-json-1.0"
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return TransportResponse(response: HTTPResponse(status: .ok, headerFields: headers), body: Array(data))
    }
}
