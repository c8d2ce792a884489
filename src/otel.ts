// tokentab/otel: every recorded call as an OpenTelemetry GenAI span and metrics. The only entry
// that imports @opentelemetry/api (an optional peer dependency).
export { exportToOpenTelemetry, type OpenTelemetryOptions } from './integrations/otel';
export { type CostStatus, costStatus, type GenAiAttributes, spanAttributes } from './integrations/otel-attributes';
