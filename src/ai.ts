// tokentab/ai: a middleware for the AI SDK (`wrapLanguageModel`) that records calls from the SDK's
// own usage. Imports nothing of `ai` at run time (its types only: an optional peer dependency).
export { type AiMiddlewareOptions, tokentabMiddleware } from './integrations/ai';
