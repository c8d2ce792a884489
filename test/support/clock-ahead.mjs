// Preloaded with `node --import`: moves the clock a year ahead (Date and performance's origin alike),
// so a child process can show that what it writes does not depend on the day it runs.
const YEAR = 366 * 86_400_000;
const RealDate = Date;
class AheadDate extends RealDate {
	constructor(...args) {
		if (args.length === 0) super(RealDate.now() + YEAR);
		else super(...args);
	}
	static now() {
		return RealDate.now() + YEAR;
	}
}
globalThis.Date = AheadDate;
