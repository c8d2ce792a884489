import { expect, it } from 'vitest';
import { createTracker, memoryStore } from '../../src/index';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it("names sessions and calls with UUID v4 in real Chromium, distinct across the random pool's refills", async () => {
	expect(navigator.userAgent).toContain('Chrome');
	const tracker = createTracker({ store: memoryStore() });
	const sessions = await Promise.all(Array.from({ length: 3 }, () => tracker.startSession()));
	const ids = sessions.map((session) => session.id);
	for (const session of sessions) for (let i = 0; i < 400; i++) ids.push((await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { input: 10 + i, output: 1 } })).id);
	for (const id of ids) expect(id).toMatch(UUID_V4);
	expect(new Set(ids).size).toBe(ids.length);
	expect((await sessions[0]!.end('Success')).calls).toBe(400);
});
