// alicloud-rx/otel: OpenTelemetry traces and metrics of a client's calls, from `client.events$` and
// `client.poolStats$`. Needs only @opentelemetry/api (an optional peer dependency); the SDK that
// exports the spans and metrics is the application's choice.
export { instrument } from './instrument.js';
export type { Instrumentation, InstrumentOptions } from './instrument.js';
