/**
 * Prompts that are not English prose, 2,000 characters each (UTF-16 code units, as
 * `String.length` counts; emoji take two): the calibration sample of the script-aware estimate and
 * the texts of the budget proofs. Random parts come from a seeded generator, so every run is the same.
 */

function seeded(seed: number) {
	let state = seed >>> 0;
	return () => {
		// xorshift32
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 4294967296;
	};
}

/** Repeats `text` (and cuts it) to exactly `length` code units, never splitting a surrogate pair. */
function toLength(text: string, length = 2000): string {
	let out = '';
	while (out.length < length) out += text;
	out = out.slice(0, length);
	const last = out.charCodeAt(length - 1);
	return last >= 0xd800 && last <= 0xdbff ? out.slice(0, -1) + ' ' : out;
}

const random = seeded(14);
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const EMOJI = ['😀', '🎉', '🚀', '🔥', '👍🏽', '❤️', '🧑‍💻', '🐈', '🌍', '🍕', '🥳', '🤖', '✅', '📦', '🇯🇵', '👨‍👩‍👧'];

export const SAMPLES: Record<string, string> = {
	english: toLength(
		'The budget holds for every call only when its reservation is a true upper bound of what the provider bills. Estimates are fine for reports, never for limits. A session that reaches its limit stops before the next request leaves the browser, and the settled total is exact to the last digit. ',
	),
	chinese: toLength(
		'预算只有在每次调用的预留金额确实是供应商可能收取费用的上限时才能成立。估算适用于报告,但不适用于限额。当会话达到上限时,下一次请求会在离开浏览器之前被拒绝,结算总额精确到最后一位数字。我们用真实的分词器校准了这个规则,并记录了它的误差。',
	),
	japanese: toLength(
		'予算は、各呼び出しの予約がプロバイダーの請求額の真の上限である場合にのみ守られます。見積もりはレポートには適していますが、上限には使えません。セッションが上限に達すると、次のリクエストはブラウザを出る前に拒否され、確定した合計は最後の桁まで正確です。カタカナのテキストやひらがなの文章も含めて測定しました。',
	),
	korean: toLength(
		'예산은 각 호출의 예약 금액이 공급자가 청구할 수 있는 금액의 실제 상한일 때만 지켜집니다. 추정치는 보고서에는 적합하지만 한도에는 적합하지 않습니다. 세션이 한도에 도달하면 다음 요청은 브라우저를 떠나기 전에 거부되며, 정산된 합계는 마지막 자리까지 정확합니다. ',
	),
	arabic: toLength(
		'لا تصمد الميزانية إلا عندما يكون الحجز لكل استدعاء حدًا أعلى حقيقيًا لما يمكن أن يفرضه المزود من رسوم. التقديرات مناسبة للتقارير، لكنها لا تصلح للحدود. عندما تصل الجلسة إلى حدها، يُرفض الطلب التالي قبل أن يغادر المتصفح، ويكون المجموع المسدد دقيقًا حتى آخر رقم. ',
	),
	russian: toLength(
		'Бюджет соблюдается только тогда, когда резерв каждого вызова является настоящей верхней границей того, что может выставить поставщик. Оценки годятся для отчётов, но не для лимитов. Когда сессия достигает лимита, следующий запрос отклоняется до того, как покинет браузер. ',
	),
	hindi: toLength(
		'बजट तभी टिकता है जब हर कॉल का आरक्षण उस राशि की सच्ची ऊपरी सीमा हो जो प्रदाता वसूल सकता है। अनुमान रिपोर्ट के लिए ठीक हैं, सीमाओं के लिए नहीं। जब सत्र अपनी सीमा तक पहुँचता है, तो अगला अनुरोध ब्राउज़र छोड़ने से पहले ही अस्वीकार कर दिया जाता है। ',
	),
	emoji: toLength(Array.from({ length: 1200 }, () => EMOJI[Math.floor(random() * EMOJI.length)]).join('')),
	code: toLength(
		`export async function settle(spender: Spender, callId: string, cost: string | undefined, holds: Holds): Promise<void> {\n\tfor (const { budget, key, at, amount } of holds) {\n\t\tconst result = await options.apply(op(budget, key, at, { settle: { id: callId, amount: cost ?? amount } }));\n\t\tif (result && new Big(cost ?? '0').gt(amount)) emit({ type: 'budget.reservation.exceeded', budget: budget.name });\n\t}\n}\n\nconst totals = records.map((r) => [r.id, r.cost ?? null]).filter(([, c]) => c !== null); // {}[]<>=!&&||\n`,
	),
	hex: toLength(Array.from({ length: 80 }, () => pick(HEX, 32)).join(' ')),
	base64: toLength(pick(B64, 2000)),
	digits: toLength(Array.from({ length: 300 }, () => `${Math.floor(random() * 1e6)}.${Math.floor(random() * 100)}`).join(', ')),
};

/** The proof's prompts (the table and more). */
export const PROOF_PROMPTS = ['chinese', 'japanese', 'korean', 'arabic', 'emoji', 'code', 'hex', 'base64'] as const;
