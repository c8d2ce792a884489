// Types of readme-quote.mjs, for test/node/readme.test.ts.
export declare const START: string;
export declare const END: string;
export declare const HEADLINE: string[];
export declare function quote(results: string): string;
export declare function withQuote(readme: string, quoted: string): string;
export declare function quoted(readme: string): string;
