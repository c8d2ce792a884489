import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-server';

/**
 * Root `globalSetup`: runs once per `vitest run` in the node process (vitest 5 strips the root
 * globalSetup from inline projects, so it is not repeated per project). Values provided on the root
 * project are merged into every project's context, so node, browser and workers tests all read the
 * URL with `inject('llmServerUrl')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startTestServer();
	project.provide('llmServerUrl', server.url);
	return () => server.close();
}
