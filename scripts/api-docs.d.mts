// Types for api-docs.mjs, for test/node/api-docs.test.ts.
export interface DocumentedExport {
	name: string;
	kind: string;
	doc: string;
	code: string;
}
export interface DocumentedEntry {
	name: string;
	file: string;
	exports: DocumentedExport[];
}
/** Every entry point's exports, read from dist/*.d.ts. */
export function collect(): DocumentedEntry[];
/** docs/api.md's text. */
export function render(entries: DocumentedEntry[]): string;
