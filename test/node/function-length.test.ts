import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// A function longer than a screen is a module waiting to be named (issue 19): no function in src/
// is over 100 lines, the generated price data aside.
const LIMIT = 100;
const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return path.endsWith(join('pricing', 'data')) ? [] : sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** Every function of a source text (declarations, expressions, arrows, methods, accessors) with its length in lines. */
function functionLengths(fileName: string, text: string): { name: string; lines: number }[] {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const found: { name: string; lines: number }[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const named = (node as { name?: ts.Node }).name;
			found.push({ name: `${fileName}:${first + 1} ${named ? named.getText(source) : '(anonymous)'}`, lines: last - first + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('function length', () => {
	it(`finds a function over ${LIMIT} lines when there is one`, () => {
		const long = `export function long() {\n${'\tcall();\n'.repeat(LIMIT)}}\nconst short = () => 1;\n`;
		expect(
			functionLengths('x.ts', long)
				.filter(({ lines }) => lines > LIMIT)
				.map(({ name }) => name),
		).toEqual(['x.ts:1 long']);
	});

	it(`no function in src/ is over ${LIMIT} lines`, () => {
		const files = sourceFiles(join(root, 'src'));
		expect(files.length).toBeGreaterThan(50);
		const over = files.flatMap((path) => functionLengths(relative(root, path), readFileSync(path, 'utf8'))).filter(({ lines }) => lines > LIMIT);
		expect(over).toEqual([]);
	});
});
