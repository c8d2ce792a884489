import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, inject, it } from 'vitest';
import { createTracker } from '../../src/index';
import { createNanoUsdCarry } from '../../src/integrations/otel-cost';
import { exportToOpenTelemetry } from '../../src/otel';
import { expectOtelScenario } from '../support/otel-scenario';

const base = inject('llmServerUrl');

describe('tokentab/otel in Node, with the OTel SDK in-memory exporters', () => {
	it('exports a GenAI client span per call, the token usage histogram and the cost counter', async () => {
		const attributes = await expectOtelScenario(base);
		// Every standard name we write is one the semantic conventions define; the rest are ours (tokentab.*).
		const standard = new Set(Object.entries(semconv).flatMap(([name, value]) => (name.startsWith('ATTR_') && typeof value === 'string' ? [value] : [])));
		const names = new Set(attributes.flatMap((a) => Object.keys(a)));
		for (const name of names) if (!name.startsWith('tokentab.')) expect(standard, name).toContain(name);
		expect([...names].filter((name) => !name.startsWith('tokentab.')).length).toBeGreaterThan(12);
		expect(semconv.METRIC_GEN_AI_CLIENT_TOKEN_USAGE).toBe('gen_ai.client.token.usage');
		expect(semconv.GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI).toBe('gcp.gemini');
	});
});

describe("spans in the app's context", () => {
	async function setup(spans: 'span' | 'active') {
		const manager = new AsyncLocalStorageContextManager().enable();
		context.setGlobalContextManager(manager);
		const exporter = new InMemorySpanExporter();
		const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
		const tracker = createTracker();
		const stop = exportToOpenTelemetry(tracker, { tracerProvider, spans, metrics: false });
		const session = await tracker.startSession();
		const call = () =>
			session
				.fetch(`${base}/fixture/openai/openai-chat-stream.recorded-fantasy.sse/v1/chat/completions`, {
					method: 'POST',
					body: JSON.stringify({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } }),
				})
				.then((r) => r.text())
				.then(() => session.cost()); // resolves once the call read is recorded
		const finish = async () => {
			await session.end('Success');
			stop();
			await tracerProvider.forceFlush();
			context.disable();
			return exporter.getFinishedSpans();
		};
		return { tracer: tracerProvider.getTracer('app'), call, finish };
	}

	it("'span': the call's client span is a child of the app's span active when the call was made", async () => {
		const { tracer, call, finish } = await setup('span');
		await tracer.startActiveSpan('handle request', async (span) => {
			await call();
			span.end();
		});
		const [app, client] = ((spans) => [spans.find((s) => s.name === 'handle request')!, spans.find((s) => s.name === 'chat gpt-4o')!])(await finish());
		expect(client.parentSpanContext?.spanId).toBe(app.spanContext().spanId);
		expect(client.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'tokentab.cost': '0.00007' });
	});

	it("'active': the attributes go on the app's own span, no span of ours", async () => {
		const { tracer, call, finish } = await setup('active');
		await tracer.startActiveSpan('handle request', async (span) => {
			await call();
			span.end();
		});
		const spans = await finish();
		expect(spans.map((s) => s.name)).toEqual(['handle request']);
		expect(spans[0]!.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'tokentab.cost': '0.00007', 'tokentab.cost.status': 'known' });
	});
});

describe('the cost counter in nano-dollars', () => {
	it('counts floor(exact total × 10⁹) per series: sub-nano costs add up, never drift', () => {
		const add = createNanoUsdCarry();
		const deltas = ['0.0000000004', '0.0000000004', '0.0000000004', '0.000405'].map((cost) => add('a', cost));
		expect(deltas).toEqual([0, 0, 1, 405_000]);
		expect(add('b', '0.1')).toBe(100_000_000); // another series has its own total
		let counted = 0;
		for (let i = 0; i < 10_000; i++) counted += add('c', '0.0000001234567');
		expect(counted).toBe(1_234_567); // 10 000 × 123.4567 n$, exactly
	});
});
