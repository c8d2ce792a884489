import { InvalidArgumentError } from '../errors/InvalidArgumentError';

export function assertString(value: unknown, where: string): asserts value is string {
	if (typeof value !== 'string' || !value) throw new InvalidArgumentError(`${where} must be a non-empty string`);
}

export function assertTags(tags: unknown): asserts tags is Record<string, string> {
	if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw new InvalidArgumentError('tags must be an object of strings');
	for (const [name, value] of Object.entries(tags)) {
		if (typeof value !== 'string') throw new InvalidArgumentError(`tags.${name} must be a string`);
	}
}

