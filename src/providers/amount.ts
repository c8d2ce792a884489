/**
 * A provider-reported USD amount, times 10^`scale`, as an exact decimal string. JSON gives it as a
 * number; its shortest round-trip form is the literal the provider wrote (`0.00001255`, or
 * `1.255e-7`), whose digits are moved by the exponent and the scale as text: exact, and no big.js on
 * the way of a call (a gateway's cost header is read as the response arrives).
 */
export function reportedAmount(value: unknown, scale = 0): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
	const [mantissa = '0', exponent = '0'] = String(value).split('e');
	const dot = mantissa.indexOf('.');
	let digits = mantissa.replace('.', '');
	// Where the decimal point falls in `digits` once shifted; zeros pad either side to reach it.
	let point = (dot === -1 ? mantissa.length : dot) + Number(exponent) + scale;
	if (point < 1) {
		digits = '0'.repeat(1 - point) + digits;
		point = 1;
	}
	digits = digits.padEnd(point, '0');
	const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
	const fraction = digits.slice(point).replace(/0+$/, '');
	return fraction ? `${whole}.${fraction}` : whole;
}
