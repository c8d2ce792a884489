import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The ladder of docs/architecture.md, as `npm run lint` checks it (.dependency-cruiser.cjs).
const root = fileURLToPath(new URL('../..', import.meta.url));
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

interface Violation {
	rule: { name: string };
	from: string;
	to: string;
}

/** The ladder's violations in the `src/` of `dir`, as dependency-cruiser reports them. */
function violations(dir: string): Violation[] {
	const out = execFileSync(depcruise, ['src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', '--no-progress'], {
		cwd: dir,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratches: string[] = [];
afterAll(() => {
	for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

/** A copy of src/ (and the tsconfig its imports resolve by) to break on purpose. */
function copyOfSrc(): string {
	const dir = mkdtempSync(join(tmpdir(), 'tokentab-layers-'));
	scratches.push(dir);
	cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
	cpSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
	return dir;
}

describe('the ladder', () => {
	it('holds in src/: no import climbs a rung, no circle', () => {
		expect(violations(root)).toEqual([]);
	});

	it('fails an import that climbs, naming the rung it broke', () => {
		const scratch = copyOfSrc();
		// The vocabulary reaching up into the tracker.
		writeFileSync(join(scratch, 'src', 'model', 'climb.ts'), "export { createTracker } from '../tracker/tracker';\n");
		const found = violations(scratch);
		expect(found.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)).toContain('rung-1-model: src/model/climb.ts → src/tracker/tracker.ts');
	});

	it('fails a circle between files', () => {
		const scratch = copyOfSrc();
		writeFileSync(join(scratch, 'src', 'sse', 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
		writeFileSync(join(scratch, 'src', 'sse', 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
		expect(violations(scratch).some(({ rule, from }) => rule.name === 'no-circular' && from.startsWith('src/sse/'))).toBe(true);
	});
});
