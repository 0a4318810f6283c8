export { createInboundApp, type InboundAppOptions } from './inbound-app.ts';
export { InboundConfigSchema, SENDER_TYPES, type InboundConfig } from './registry.ts';
export { listRejected, REJECTED_SCOPE, type Rejection } from './rejections.ts';
