import type { TestProject } from 'vitest/node';
import { startDemoServer } from '../../examples/demo/server.mjs';
import { startTestServer } from './test-server';

/**
 * Root `globalSetup`: runs once per `vitest run` in the node process (vitest 5 strips the root
 * globalSetup from inline projects, so it is not repeated per project). Values provided on the root
 * project are merged into every project's context, so node, browser and workers tests all read the
 * URLs with `inject('llmServerUrl')` and `inject('demoServerUrl')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startTestServer();
	// The demo server (OpenAI and Anthropic look-alike): the upstream of the example apps' tests.
	const demo = await startDemoServer();
	project.provide('llmServerUrl', server.url);
	project.provide('demoServerUrl', demo.url);
	return async () => {
		await Promise.all([server.close(), demo.close()]);
	};
}
