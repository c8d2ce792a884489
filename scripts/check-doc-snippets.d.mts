// Types of check-doc-snippets.mjs, for test/node/doc-snippets.test.ts.
export declare const NO_CHECK: string;
export declare function documents(): string[];
export declare function codeBlocks(markdown: string): { language: string; line: number; code: string; noCheck: boolean }[];
export declare function checkSnippets(texts?: { path: string; markdown: string }[]): { problems: string[]; checked: number; skipped: number };
