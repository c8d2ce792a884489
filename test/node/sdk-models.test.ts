import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bundledCatalog } from '../../src/pricing/catalog';
import { createPriceLookup } from '../../src/pricing/lookup';
import { unpublished } from '../../src/pricing/overlay/unpublished';

/** A file of an installed package (their `exports` hide package.json and the .d.ts files from resolution). */
const installed = (path: string) => fileURLToPath(new URL(`../../node_modules/${path}`, import.meta.url));

/** The string-literal members of `export type <name> = 'a' | 'b' | …` in a .d.ts file, read with the compiler API. */
function literalUnion(file: string, name: string): string[] {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const names: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isTypeAliasDeclaration(node) && node.name.text === name && ts.isUnionTypeNode(node.type)) {
			for (const member of node.type.types) {
				if (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)) names.push(member.literal.text);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return names;
}

const lookup = createPriceLookup(bundledCatalog);
const listed = new Set(unpublished.map((model) => `${model.provider}/${model.id}`));

/** The names neither priced by the bundled catalog nor listed as unpublished. */
function unaccounted(provider: string, models: string[]): string[] {
	return models.filter((model) => !lookup(provider, model) && !listed.has(`${provider}/${model}`));
}

const sdks = [
	{ provider: 'openai', names: literalUnion(installed('openai/resources/shared.d.ts'), 'ChatModel') },
	{ provider: 'anthropic', names: literalUnion(installed('@anthropic-ai/sdk/resources/messages/messages.d.ts'), 'Model') },
];

describe("the official SDKs' own model names", () => {
	it('are read from the installed .d.ts files', () => {
		for (const { names } of sdks) expect(names.length).toBeGreaterThan(15);
		expect(sdks.reduce((sum, { names }) => sum + names.length, 0)).toBeGreaterThan(50);
		expect(sdks[0]!.names).toContain('gpt-4o');
		expect(sdks[1]!.names).toContain('claude-haiku-5-5');
	});

	for (const { provider, names } of sdks) {
		it(`${provider}: every name is priced or listed as unpublished`, () => {
			expect(unaccounted(provider, names)).toEqual([]);
		});
	}

	it('a made-up name is reported by the same check', () => {
		expect(unaccounted('anthropic', ['claude-verse-9', 'claude-opus-5'])).toEqual(['claude-verse-9']);
		expect(unaccounted('openai', ['gpt-made-up-1'])).toEqual(['gpt-made-up-1']);
	});

	it('each unpublished entry says why and which provider page was checked', () => {
		for (const model of unpublished) {
			expect(model.reason.length).toBeGreaterThan(20);
			expect(model.checked).toMatch(/^https:\/\//);
			// An entry the catalog now prices should leave the list.
			expect(lookup(model.provider, model.id), model.id).toBeNull();
		}
	});
});
