import { expect } from 'vitest';
import type { Session } from '../../src/index';
import { fixtureUrl } from './fixture-url';
import { fixtureCases } from './fixtures';

/** What must never reach a store: the prompt, request headers, and the completion's text. */
export const SECRETS = {
	prompt: 'PROMPT-SECRET-7f3a: what is the weather in Atlantis?',
	system: 'SYSTEM-SECRET-2b9e: you are a weather bot',
	authorization: 'Bearer sk-SECRET-header-91c2',
	apiKey: 'sk-ant-SECRET-5d1e',
	custom: 'HEADER-SECRET-abc',
	// Text the fixtures answer with (openai-chat.json, anthropic-messages-stream.sse, gemini-generateContent.json).
	completions: ["I'm unable to provide real-time weather updates", 'Weather Channel', 'get_weather', 'Mountain View', "Google's Headquarters"],
};

const pick = (file: string) => fixtureCases.find((fixture) => fixture.file === file)!;

/** Three calls through session.fetch that carry every secret above, their bodies read in full. */
export async function callsWithSecrets(session: Session, base: string): Promise<void> {
	const body = JSON.stringify({
		model: 'm',
		messages: [
			{ role: 'system', content: SECRETS.system },
			{ role: 'user', content: SECRETS.prompt },
		],
	});
	const headers = { 'content-type': 'application/json', authorization: SECRETS.authorization, 'x-api-key': SECRETS.apiKey, 'x-custom': SECRETS.custom };
	for (const file of ['openai/openai-chat.json', 'anthropic/anthropic-messages-stream.sse', 'gemini/gemini-generateContent.json']) {
		const response = await session.fetch(fixtureUrl(base, pick(file)), { method: 'POST', headers, body });
		expect(response.status).toBe(200);
		await response.text();
	}
}

/** Every stored value, as JSON, holds none of the secrets; there must be call records among them. */
export function expectNoSecrets(values: unknown[]): void {
	const texts = values.map((value) => JSON.stringify(value));
	expect(texts.filter((text) => text.includes('"usage"')).length).toBeGreaterThanOrEqual(3);
	const secrets = [SECRETS.prompt, SECRETS.system, SECRETS.authorization, SECRETS.apiKey, SECRETS.custom, ...SECRETS.completions];
	// The fragments too: a prompt cut or re-encoded is still the prompt.
	const fragments = [...secrets, 'PROMPT-SECRET', 'SYSTEM-SECRET', 'sk-SECRET', 'sk-ant-SECRET', 'HEADER-SECRET', 'Atlantis'];
	for (const text of texts) for (const fragment of fragments) expect(text).not.toContain(fragment);
}
