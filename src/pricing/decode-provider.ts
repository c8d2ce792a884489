// The decoder of one provider's prices, a module of its own so that a bundle loads it with the first provider's chunk.
export { decodeProvider } from './format';
