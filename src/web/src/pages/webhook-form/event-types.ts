/** Herald's own event types (src/core/event.ts KNOWN_EVENT_TYPES, checked by a test); senders may add others. */
export const EVENT_TYPES = ['create', 'update', 'delete', 'scale', 'alert', 'resolved', 'deny', 'test', 'warning', 'normal'] as const;
