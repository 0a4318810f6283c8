/** The one conversion the fake API server needs between the two Event groups. */

/**
 * A core v1 Event as events.k8s.io/v1 shows it (the API server's conversion,
 * pkg/apis/events/v1): renamed fields, the legacy ones under `deprecated*`.
 */
export function toEventsV1(e: any): any {
  const { involvedObject, message, source, firstTimestamp, lastTimestamp, count, reportingComponent, kind: _k, apiVersion: _a, ...rest } = e;
  return {
    kind: 'Event', apiVersion: 'events.k8s.io/v1', ...rest,
    ...(involvedObject === undefined ? {} : { regarding: involvedObject }),
    ...(message === undefined ? {} : { note: message }),
    reportingController: reportingComponent ?? source?.component ?? '',
    reportingInstance: e.reportingInstance ?? source?.host ?? '',
    ...(source === undefined ? {} : { deprecatedSource: source }),
    ...(firstTimestamp === undefined ? {} : { deprecatedFirstTimestamp: firstTimestamp }),
    ...(lastTimestamp === undefined ? {} : { deprecatedLastTimestamp: lastTimestamp }),
    ...(count === undefined ? {} : { deprecatedCount: count }),
  };
}
