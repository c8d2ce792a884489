// Optional: every recorded call as an OpenTelemetry GenAI span (tokentab/otel), with its exact cost
// in `tokentab.cost` (a decimal string). Any exporter works; `OTEL_TRACES=console` prints them.
import { ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Tracker } from 'tokentab';
import { exportToOpenTelemetry } from 'tokentab/otel';

/** Starts exporting the tracker's calls as spans to `exporter`; the result stops it and flushes. */
export function exportSpans(tracker: Tracker, exporter: SpanExporter = new ConsoleSpanExporter()): () => Promise<void> {
	const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
	const stop = exportToOpenTelemetry(tracker, { tracerProvider, metrics: false });
	return async () => {
		stop();
		await tracerProvider.shutdown();
	};
}
