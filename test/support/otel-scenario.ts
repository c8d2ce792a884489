// One OpenTelemetry scenario, run in Node, Chromium and workerd: a tracker exporting to the OTel
// SDK's in-memory span and metric exporters, three calls (a fetched chat completion, a failed one,
// one recorded by hand with cache tokens), and what came out.
import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type Histogram, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect } from 'vitest';
import { createTracker } from '../../src/index';
import { exportToOpenTelemetry } from '../../src/otel';

export async function runOtelScenario(base: string) {
	const spanExporter = new InMemorySpanExporter();
	const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] });
	const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
	const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
	const meterProvider = new MeterProvider({ readers: [reader] });
	const tracker = createTracker();
	const stop = exportToOpenTelemetry(tracker, { tracerProvider, meterProvider });
	const session = await tracker.startSession({ userId: 'u1', tags: { team: 'search' } });
	const post = (url: string) => session.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });
	await (await post(`${base}/fixture/openai/openai-chat.json/v1/chat/completions`)).json();
	await (await post(`${base}/fixture/openai/openai-chat.json/v1/chat/completions?status=500&cut=0`)).text();
	await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-0', usage: { input: 100, cacheRead: 1000, cacheWrite5m: 200, output: 50 } });
	const summary = await session.end('Success');
	stop();
	await session.record({ provider: 'anthropic', model: 'claude-sonnet-4-0', usage: { input: 1 } }).catch(() => undefined);
	await Promise.all([tracerProvider.forceFlush(), reader.forceFlush()]);
	const spans = spanExporter.getFinishedSpans();
	const scopes = metricExporter.getMetrics().at(-1)?.scopeMetrics ?? [];
	const metric = (name: string) => scopes.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
	return { spans, summary, metric, sessionId: session.id };
}

/** What every runtime must see. */
export async function expectOtelScenario(base: string): Promise<Attributes[]> {
	const { spans, summary, metric, sessionId } = await runOtelScenario(base);
	expect(summary.cost.toFixed()).toBe('0.002505'); // 0.000405 + 0 + 0.0021
	// A span per call, as each call is recorded: the order of recordings is not the order of calls
	// (a failed call has no price to wait for), so each is found by what it is.
	expect(spans.map((span) => span.name).sort()).toEqual(['chat claude-sonnet-4-0', 'chat gpt-4o', 'chat gpt-4o']);
	expect(spans.every((span) => span.kind === SpanKind.CLIENT)).toBe(true);
	const chatSpan = spans.find((span) => span.name === 'chat gpt-4o' && span.attributes['error.type'] === undefined)!;
	const failedSpan = spans.find((span) => span.attributes['error.type'] !== undefined)!;
	const cachedSpan = spans.find((span) => span.name === 'chat claude-sonnet-4-0')!;
	const [chat, failed, cached] = [chatSpan.attributes, failedSpan.attributes, cachedSpan.attributes];
	expect(chat).toMatchObject({
		'gen_ai.operation.name': 'chat',
		'gen_ai.provider.name': 'openai',
		'gen_ai.request.model': 'gpt-4o',
		'gen_ai.response.model': 'gpt-4o-2024-08-06',
		'gen_ai.usage.input_tokens': 14,
		'gen_ai.usage.output_tokens': 37,
		'session.id': sessionId,
		'user.id': 'u1',
		'tokentab.tag.team': 'search',
		'tokentab.cost': '0.000405',
		'tokentab.cost.status': 'known',
		// The host the call went to, from its URL (no path, no query).
		'server.address': new URL(base).hostname.replace(/^\[(.*)\]$/, '$1'),
		'server.port': Number(new URL(base).port),
	});
	// Recorded by hand: no server to name.
	expect(cached).not.toHaveProperty('server.address');
	expect(failed).toMatchObject({ 'error.type': '500', 'http.response.status_code': 500, 'tokentab.cost': '0' });
	expect(failedSpan.status.code).toBe(SpanStatusCode.ERROR);
	expect(chatSpan.status.code).toBe(SpanStatusCode.UNSET);
	// Cache tokens are inside input_tokens, as the convention says, and also told apart.
	expect(cached).toMatchObject({
		'gen_ai.provider.name': 'anthropic',
		'gen_ai.usage.input_tokens': 1300,
		'gen_ai.usage.cache_read.input_tokens': 1000,
		'gen_ai.usage.cache_creation.input_tokens': 200,
		'gen_ai.usage.output_tokens': 50,
		'tokentab.cost': '0.0021',
	});
	for (const attributes of [chat, failed, cached]) for (const value of Object.values(attributes!)) expect(typeof value === 'number' && !Number.isInteger(value)).toBe(false);

	const usage = metric('gen_ai.client.token.usage')!;
	expect(usage.descriptor.unit).toBe('{token}');
	const points = usage.dataPoints as DataPoint<Histogram>[];
	const sumOf = (type: string, provider: string) =>
		points.filter((p) => p.attributes['gen_ai.token.type'] === type && p.attributes['gen_ai.provider.name'] === provider).reduce((total, p) => total + p.value.sum!, 0);
	expect([sumOf('input', 'openai'), sumOf('output', 'openai'), sumOf('input', 'anthropic'), sumOf('output', 'anthropic')]).toEqual([14, 37, 1300, 50]);
	// The cost counter in whole nano-dollars: $0.000405 = 405000 n$, $0.0021 = 2100000 n$; the call after stop() is not exported.
	const cost = metric('tokentab.cost')!;
	expect(cost.dataPoints.map((p) => [p.attributes['gen_ai.provider.name'], p.value]).sort()).toEqual([
		['anthropic', 2_100_000],
		['openai', 405_000],
	]);
	return [chat, failed, cached];
}
