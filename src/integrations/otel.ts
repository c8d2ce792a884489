import { type Attributes, context, type MeterProvider, metrics, SpanKind, SpanStatusCode, trace, type TracerProvider } from '@opentelemetry/api';
import type { Subscribe } from '../tracker/events';
import { callAttributes, costStatus, spanAttributes, tokenCounts } from './otel-attributes';
import { createNanoUsdCarry } from './otel-cost';

export interface OpenTelemetryOptions {
	/**
	 * `'span'` (default): a client span per recorded call, a child of the span active when it was
	 * recorded, timed from the request to the end of its response. `'active'`: the attributes go on
	 * the app's own active span instead (one call per span; a second call's attributes replace the
	 * first's). `false`: metrics only.
	 */
	spans?: 'span' | 'active' | false;
	/** Records `gen_ai.client.token.usage`, `gen_ai.client.operation.duration` and the cost counter. Default true. */
	metrics?: boolean;
	/** Default: the global providers (`trace.getTracerProvider()`, `metrics.getMeterProvider()`). */
	tracerProvider?: TracerProvider;
	meterProvider?: MeterProvider;
}

const SCOPE = 'tokentab';

/** The buckets the GenAI conventions advise for `gen_ai.client.token.usage` (powers of 4). */
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/**
 * Exports every call a tracker records to OpenTelemetry, as the GenAI semantic conventions say,
 * with tokentab's exact cost as a decimal string (`tokentab.cost`). Returns the function that stops it.
 *
 * @example
 * const stop = exportToOpenTelemetry(tracker); // spans and metrics through the global providers
 */
export function exportToOpenTelemetry(tracker: { on: Subscribe }, options: OpenTelemetryOptions = {}): () => void {
	const spans = options.spans ?? 'span';
	const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
	const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
	const recordMetrics = options.metrics !== false;
	const tokenUsage = meter.createHistogram('gen_ai.client.token.usage', {
		unit: '{token}',
		description: 'Number of input and output tokens used.',
		advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
	});
	const duration = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's', description: 'GenAI operation duration.', advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
	const cost = meter.createCounter('tokentab.cost', {
		unit: 'n{USD}',
		description: 'Cost of GenAI calls in whole nano-dollars (USD × 10⁹), rounded down over each series; the exact figure is the span attribute tokentab.cost.',
	});
	const nanoUsd = createNanoUsdCarry();

	return tracker.on('call.recorded', ({ record, session }) => {
		const base = callAttributes(record);
		if (spans === 'active') {
			trace.getActiveSpan()?.setAttributes(spanAttributes(record, session));
		} else if (spans === 'span') {
			const model = record.requestedModel ?? record.model;
			const name = model === undefined ? `${base['gen_ai.operation.name']}` : `${base['gen_ai.operation.name']} ${model}`;
			const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: Date.parse(record.startedAt), attributes: spanAttributes(record, session) }, context.active());
			if (record.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${record.status ?? 'error'}` });
			span.end(Date.parse(record.endedAt));
		}
		if (!recordMetrics) return;
		const tokens = tokenCounts(record.usage);
		if (record.usageSource !== 'none') {
			tokenUsage.record(tokens.input, { ...base, 'gen_ai.token.type': 'input' });
			tokenUsage.record(tokens.output, { ...base, 'gen_ai.token.type': 'output' });
		}
		duration.record((Date.parse(record.endedAt) - Date.parse(record.startedAt)) / 1000, base);
		if (record.cost !== undefined) {
			const attributes: Attributes = { ...base, 'tokentab.cost.status': costStatus(record) };
			const delta = nanoUsd(JSON.stringify(Object.entries(attributes).sort()), record.cost);
			if (delta > 0) cost.add(delta, attributes);
		}
	});
}
