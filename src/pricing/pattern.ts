/**
 * The language of a catalog's `match` rules, tested on the lower-cased model name. It has no
 * regular expressions: a catalog is data from a URL, and in a gateway the client picks the model
 * name, so one backtracking pattern would freeze the thread. Every rule runs in time linear in the
 * name for a given rule (a glob: the name's length times the rule's, without backtracking).
 *
 * - `=name` the whole name, `^prefix`, `$suffix`, `~part` a substring;
 * - `%glob` the whole name against a glob: `*` any run, `?` any one character, `#` one digit;
 * - `!rule` inside a conjunction (an array): the name must not match that rule.
 */
export type RuleTest = (name: string) => boolean;

/** The kinds of rule a catalog may use, by their first character. */
export const RULE_KINDS = '=^$~%';
/** Rules longer than this are refused: a rule is a model name or a short pattern. */
export const MAX_RULE_LENGTH = 256;

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Whether `name[at…]` starts with `segment`, where (with `classes`) `?` is any character and `#` a digit. */
function segmentAt(name: string, at: number, segment: string, classes: boolean): boolean {
	if (at + segment.length > name.length) return false;
	if (!classes) return name.startsWith(segment, at);
	for (let i = 0; i < segment.length; i++) {
		const want = segment[i];
		if (want === '?') continue;
		if (want === '#' ? !isDigit(name.charCodeAt(at + i)) : name[at + i] !== want) return false;
	}
	return true;
}

/**
 * A glob matcher. The parts between `*`s are found left to right, each at its first place after
 * the one before: a glob's parts never need a later place (any later fit leaves less room to the
 * rest), so nothing is tried twice. Without `classes`, only `*` is special (custom price keys).
 */
export function globTest(glob: string, classes = true): RuleTest {
	const fits = (name: string, at: number, segment: string) => segmentAt(name, at, segment, classes);
	const parts = glob.split('*');
	const first = parts[0]!;
	if (parts.length === 1) return (name) => name.length === first.length && fits(name, 0, first);
	const last = parts[parts.length - 1]!;
	const middle = parts.slice(1, -1).filter(Boolean);
	return (name) => {
		if (name.length < first.length + last.length || !fits(name, 0, first) || !fits(name, name.length - last.length, last)) return false;
		let at = first.length;
		const end = name.length - last.length;
		for (const part of middle) {
			while (at + part.length <= end && !fits(name, at, part)) at++;
			if (at + part.length > end) return false;
			at += part.length;
		}
		return true;
	};
}

/** One rule (a string) or a conjunction (an array) as a test on the lower-cased name. */
export function ruleTest(rule: string | string[]): RuleTest {
	if (Array.isArray(rule)) {
		const all = rule.map((part) => (part[0] === '!' ? negate(ruleTest(part.slice(1))) : ruleTest(part)));
		return (name) => all.every((test) => test(name));
	}
	const text = rule.slice(1).toLowerCase();
	switch (rule[0]) {
		case '=':
			return (name) => name === text;
		case '^':
			return (name) => name.startsWith(text);
		case '$':
			return (name) => name.endsWith(text);
		case '~':
			return (name) => name.includes(text);
		case '%':
			return globTest(text);
		default:
			// Validation refuses every other rule before a catalog is used.
			return () => false;
	}
}

const negate =
	(test: RuleTest): RuleTest =>
	(name) =>
		!test(name);

/** Why a rule is not in the language, or `undefined` when it is. */
export function ruleProblem(rule: unknown, inConjunction: boolean): string | undefined {
	if (typeof rule !== 'string' || rule.length < 2) return `has a bad rule ${JSON.stringify(rule)}`;
	if (rule.length > MAX_RULE_LENGTH) return `has a rule longer than ${MAX_RULE_LENGTH} characters`;
	if (rule[0] === '/') return `has a regular expression rule ${JSON.stringify(rule)}: tokentab runs no regular expression from a catalog (use =, ^, $, ~, % globs and ! inside a conjunction)`;
	if (rule[0] === '!') return inConjunction && rule.length > 2 && RULE_KINDS.includes(rule[1]!) ? undefined : `has a bad negation ${JSON.stringify(rule)} (only inside a conjunction, before a rule)`;
	return RULE_KINDS.includes(rule[0]!) ? undefined : `has a bad rule ${JSON.stringify(rule)}`;
}
