import { describe, expect, it } from 'vitest';
import { targets } from '../../src/observe/routes';
import type { UrlRules } from '../../src/providers/hosts';
import { gatewayModel, routeOf } from '../../src/providers/route';

const route = (url: string, registrations = []) => {
	const found = routeOf(new URL(url), registrations);
	return found && { format: found.format, provider: found.provider, ...(found.model ? { model: found.model } : {}), ...(found.deployment ? { deployment: true } : {}) };
};

describe('routes: who serves a URL, in which format, naming which model', () => {
	it.each([
		['https://api.openai.com/v1/chat/completions', { format: 'openai-chat', provider: 'openai' }],
		['https://api.openai.com/v1/responses', { format: 'openai-responses', provider: 'openai' }],
		['https://api.openai.com/v1/embeddings', { format: 'openai-chat', provider: 'openai' }],
		['https://acme.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21', { format: 'openai-chat', provider: 'azure', model: 'prod-4o', deployment: true }],
		['https://acme.cognitiveservices.azure.com/openai/v1/responses', { format: 'openai-responses', provider: 'azure' }],
		['https://acme.services.ai.azure.com/anthropic/v1/messages', { format: 'anthropic-messages', provider: 'azure' }],
		['https://api.anthropic.com/v1/messages?beta=true', { format: 'anthropic-messages', provider: 'anthropic' }],
		[
			'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke',
			{ format: 'bedrock-invoke', provider: 'bedrock', model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' },
		],
		['https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-pro-v1%3A0/converse-stream', { format: 'bedrock-converse', provider: 'bedrock', model: 'amazon.nova-pro-v1:0' }],
		[
			'https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-3-7-sonnet@20250219:rawPredict',
			{ format: 'anthropic-messages', provider: 'vertex', model: 'claude-3-7-sonnet@20250219' },
		],
		[
			'https://aiplatform.googleapis.com/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
			{ format: 'gemini', provider: 'vertex', model: 'gemini-2.5-pro' },
		],
		['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', { format: 'gemini', provider: 'google', model: 'gemini-2.5-flash' }],
		['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', { format: 'openai-chat', provider: 'google' }],
		['https://api.mistral.ai/v1/chat/completions', { format: 'openai-chat', provider: 'mistral' }],
		['https://api.mistral.ai/v1/fim/completions', { format: 'openai-chat', provider: 'mistral' }],
		['https://api.deepseek.com/chat/completions', { format: 'openai-chat', provider: 'deepseek' }],
		['https://api.groq.com/openai/v1/chat/completions', { format: 'openai-chat', provider: 'groq' }],
		['https://api.x.ai/v1/responses', { format: 'openai-responses', provider: 'xai' }],
		['https://openrouter.ai/api/v1/chat/completions', { format: 'openai-chat', provider: 'openrouter' }],
		['https://api.cohere.com/v2/chat', { format: 'cohere-chat', provider: 'cohere' }],
		['https://api.cloudflare.com/client/v4/accounts/a1/ai/run/@cf/meta/llama-3.1-8b-instruct', { format: 'workers-ai', provider: 'cloudflare', model: '@cf/meta/llama-3.1-8b-instruct' }],
		['https://api.cloudflare.com/client/v4/accounts/a1/ai/v1/chat/completions', { format: 'openai-chat', provider: 'cloudflare' }],
		// Cloudflare AI Gateway: /v1/{account}/{gateway}/{provider}/{the provider's own path}
		['https://gateway.ai.cloudflare.com/v1/a1/gw/openai/chat/completions', { format: 'openai-chat', provider: 'openai' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/anthropic/v1/messages', { format: 'anthropic-messages', provider: 'anthropic' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent', { format: 'gemini', provider: 'google', model: 'gemini-2.5-flash' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/azure-openai/acme/prod-4o/chat/completions?api-version=2024-10-21', { format: 'openai-chat', provider: 'azure' }],
		[
			'https://gateway.ai.cloudflare.com/v1/a1/gw/aws-bedrock/bedrock-runtime/us-east-1/model/amazon.nova-lite-v1%3A0/converse',
			{ format: 'bedrock-converse', provider: 'bedrock', model: 'amazon.nova-lite-v1:0' },
		],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/workers-ai/@cf/meta/llama-3.1-8b-instruct', { format: 'workers-ai', provider: 'cloudflare', model: '@cf/meta/llama-3.1-8b-instruct' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/workers-ai/run/@cf/meta/llama-3.1-8b-instruct', { format: 'workers-ai', provider: 'cloudflare', model: '@cf/meta/llama-3.1-8b-instruct' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/workers-ai/v1/chat/completions', { format: 'openai-chat', provider: 'cloudflare' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/grok/v1/chat/completions', { format: 'openai-chat', provider: 'xai' }],
		['https://gateway.ai.cloudflare.com/v1/a1/gw/compat/chat/completions', { format: 'openai-chat', provider: 'compat' }],
		// A proxy or a local server: the path says whose API it speaks.
		['http://127.0.0.1:8787/v1/chat/completions', { format: 'openai-chat', provider: 'openai' }],
		['http://localhost:3000/api/anthropic/v1/messages', { format: 'anthropic-messages', provider: 'anthropic' }],
	])('%s', (url, expected) => {
		expect(route(url)).toEqual(expected);
	});

	it('routes catalog URL rules: hosts, suffixes and path prefixes, the most specific winning', () => {
		const urls = { huggingface_groq: ['router.huggingface.co/groq'], cerebras: ['api.cerebras.ai'], modal: ['.modal.run'] };
		const of = (url: string) => routeOf(new URL(url), [], urls)?.provider;
		expect(of('https://router.huggingface.co/groq/openai/v1/chat/completions')).toBe('huggingface_groq');
		expect(of('https://router.huggingface.co/groqx/v1/chat/completions')).toBe('huggingface');
		expect(of('https://api.cerebras.ai/v1/chat/completions')).toBe('cerebras');
		expect(of('https://acme--llm.modal.run/v1/chat/completions')).toBe('modal');
		expect(of('https://modal.run/v1/chat/completions')).toBe('modal.run');
		// Built-in rules hold without a catalog; a Vertex path names Vertex on any Google host.
		expect(of('https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro:generateContent')).toBe('vertex');
		// OpenAI's data-residency hosts bill an uplift the catalog lacks: an estimate from OpenAI's prices, never exact.
		expect(routeOf(new URL('https://eu.api.openai.com/v1/chat/completions'), [], urls)).toMatchObject({ provider: 'eu.api.openai.com', owner: 'openai' });
	});

	it('leaves every other URL alone', () => {
		for (const url of [
			'https://api.openai.com/v1/models',
			'https://example.com/api/users',
			'https://api.anthropic.com/v1/messages/count_tokens',
			'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens',
			'https://api.openai.com/v1/responses/input_tokens',
			'https://generativelanguage.googleapis.com/v1beta/interactions/int-1/cancel',
			'https://api.stripe.com/v1/charges',
		]) {
			expect(route(url)).toBeUndefined();
		}
	});

	it('names registered hosts and URL prefixes as their provider', () => {
		const registrations = [
			{ match: 'llm.internal.example', provider: 'openai' },
			{ match: 'https://gw.example.com/groq/', provider: 'groq' },
		] as never;
		expect(route('https://llm.internal.example/v1/chat/completions', registrations)?.provider).toBe('openai');
		expect(route('https://gw.example.com/groq/openai/v1/chat/completions', registrations)?.provider).toBe('groq');
		// Past the registered prefix it is a public host no rule names: recorded as itself.
		expect(routeOf(new URL('https://gw.example.com/other/v1/chat/completions'), registrations)).toMatchObject({ provider: 'gw.example.com', owner: 'openai' });
		// Loopback, private and reserved names are the path's owner.
		for (const local of ['http://127.0.0.1:4000', 'http://192.168.1.20', 'http://[::1]:8080', 'http://proxy.internal', 'http://gw.example']) {
			expect(routeOf(new URL(`${local}/v1/chat/completions`)), local).toEqual(expect.objectContaining({ provider: 'openai' }));
		}
	});

	it('reads the provider of an AI Gateway compat model', () => {
		expect(gatewayModel('compat', 'google-ai-studio/gemini-2.5-flash')).toEqual({ provider: 'google', model: 'gemini-2.5-flash' });
		expect(gatewayModel('compat', 'openai/gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
		expect(gatewayModel('compat', 'gpt-4o')).toBeUndefined();
		expect(gatewayModel('openai', 'openai/gpt-4o')).toBeUndefined();
	});

	it('reads the provider of a Hugging Face router model', () => {
		expect(routeOf(new URL('https://router.huggingface.co/v1/chat/completions'))?.provider).toBe('huggingface');
		expect(gatewayModel('huggingface', 'openai/gpt-oss-120b:cerebras')).toEqual({ provider: 'huggingface_cerebras', model: 'openai/gpt-oss-120b' });
		expect(gatewayModel('huggingface', 'openai/gpt-oss-120b:fastest')).toBeUndefined();
		expect(gatewayModel('huggingface', 'openai/gpt-oss-120b')).toBeUndefined();
	});
});

describe('targets: each endpoint parsed and routed once', () => {
	const urls = [
		'https://api.openai.com/v1/chat/completions',
		'https://acme.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21',
		'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=secret',
		'https://gateway.ai.cloudflare.com/v1/acct/gw/anthropic/v1/messages',
		'http://127.0.0.1:8787/v1/messages',
		'https://example.com/not/an/llm',
	];

	it('routes as routeOf does, the first time and every time after, and gives the host with its port', () => {
		const targetOf = targets(undefined, () => undefined);
		for (const url of urls)
			for (let i = 0; i < 3; i++) {
				const target = targetOf(i === 2 ? new URL(url) : url);
				expect(target.route).toEqual(routeOf(new URL(url)));
				expect(target.host).toBe(new URL(url).host);
			}
	});

	it('remembers an endpoint without its query, and starts over when the URL rules change', () => {
		let rules: UrlRules | undefined;
		const targetOf = targets(undefined, () => rules);
		const first = targetOf('https://llm.acme.dev/v1/chat/completions?key=1');
		expect(targetOf('https://llm.acme.dev/v1/chat/completions?key=2')).toBe(first);
		expect(first.route?.provider).toBe('llm.acme.dev');
		// A catalog loaded later names the host: its calls are that provider's from then on.
		rules = { acme: ['llm.acme.dev'] };
		expect(targetOf('https://llm.acme.dev/v1/chat/completions?key=1').route?.provider).toBe('acme');
	});

	it('resolves a relative URL against the page each time: a page that moves changes what it names', () => {
		const targetOf = targets(undefined, () => undefined);
		const page = globalThis as { location?: { href: string } };
		try {
			page.location = { href: 'https://api.openai.com/app/' };
			expect(targetOf('/v1/chat/completions').route?.provider).toBe('openai');
			page.location = { href: 'https://example.com/app/' };
			expect(targetOf('/v1/chat/completions')).toMatchObject({ host: 'example.com', route: { provider: 'example.com' } });
		} finally {
			delete page.location;
		}
	});

	it('stays right past the number of endpoints it remembers', () => {
		const targetOf = targets(undefined, () => undefined);
		for (let i = 0; i < 600; i++) expect(targetOf(`https://h${i}.example.net/v1/chat/completions`).host).toBe(`h${i}.example.net`);
		expect(targetOf('https://api.openai.com/v1/chat/completions').route?.provider).toBe('openai');
	});
});
