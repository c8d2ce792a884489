import type { FixtureCase } from './fixtures';

/** The test server's URL that replays a fixture under its real API path. */
export function fixtureUrl(base: string, fixture: Pick<FixtureCase, 'file' | 'path' | 'wrapped'>, query: Record<string, string | number> = {}): string {
	const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
	if (fixture.wrapped) params.set('unwrap', fixture.wrapped);
	const search = params.size ? `${fixture.path.includes('?') ? '&' : '?'}${params}` : '';
	return `${base}/fixture/${fixture.file}${fixture.path}${search}`;
}
