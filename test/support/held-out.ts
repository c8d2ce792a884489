/**
 * Texts the script-aware rule was not fitted on (test/support/multilingual.ts is its fitting
 * sample): its error here is the figure to trust.
 */
export const HELD_OUT: Record<string, string> = {
	english:
		'Yesterday the committee postponed its decision on the new railway bridge, citing unresolved questions about flooding, noise and the cost of maintenance over the next forty years. Residents who attended the meeting were divided.',
	chinese: '昨天委员会推迟了关于新铁路桥的决定,理由是洪水、噪音以及未来四十年维护费用等问题尚未解决。参加会议的居民意见不一,有人支持尽快开工,也有人担心施工会影响附近的学校和医院。',
	japanese: '昨日、委員会は新しい鉄道橋に関する決定を延期しました。洪水や騒音、今後四十年間の維持費についての疑問が解決していないためです。会議に出席した住民の意見は分かれました。',
	korean:
		'어제 위원회는 홍수와 소음, 그리고 앞으로 사십 년 동안의 유지 비용에 대한 의문이 해결되지 않았다는 이유로 새 철도 다리에 대한 결정을 연기했습니다. 회의에 참석한 주민들의 의견은 엇갈렸습니다.',
	arabic: 'أجّلت اللجنة أمس قرارها بشأن جسر السكك الحديدية الجديد، مشيرةً إلى أسئلة لم تُحسم بعد حول الفيضانات والضوضاء وتكلفة الصيانة خلال الأربعين عامًا القادمة. وانقسم السكان الذين حضروا الاجتماع.',
	russian:
		'Вчера комиссия отложила решение о новом железнодорожном мосте, сославшись на нерешённые вопросы о наводнениях, шуме и стоимости обслуживания в ближайшие сорок лет. Жители, пришедшие на собрание, разделились во мнениях.',
	code: 'def merge(intervals):\n    intervals.sort(key=lambda pair: pair[0])\n    merged = []\n    for start, end in intervals:\n        if merged and start <= merged[-1][1]:\n            merged[-1][1] = max(merged[-1][1], end)\n        else:\n            merged.append([start, end])\n    return merged\n',
	emoji: '🎂🎈🎁 party time! 🥂🍾 cheers 🙌🏼🙌🏼 see you 🌙✨💤 — 🐶🐱🐭🐹🐰🦊🐻🐼',
	ids: 'order 7f3e9a2c-41b8-4d0e-9c6a-5be2d1f08a77 shipped; token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U; sha 9b74c9897bac770ffc029102a200c5de',
};
