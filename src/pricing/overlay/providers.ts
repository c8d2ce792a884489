import type { ProviderInfo } from '../types';

/**
 * What the hand overlay says about whole providers: the service tiers they bill apart from the
 * standard prices, and the providers whose models they also serve. Each line cites the page.
 * A service tier not listed here (nor on the model) leaves a call that reports it unpriced.
 */
export const providers: Record<string, ProviderInfo> = {
	openai: {
		service: {
			// https://developers.openai.com/api/docs/guides/batch: 50% off inputs and outputs.
			batch: { scale: '0.5' },
			// https://developers.openai.com/api/docs/guides/flex-processing: "priced at Batch API rates".
			flex: { scale: '0.5' },
			// Priority prices are per model (https://openai.com/api-priority-processing/): see the models.
		},
	},
	azure: {
		service: {
			// https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch: Global Batch at 50% off Global Standard.
			batch: { scale: '0.5' },
			// https://learn.microsoft.com/azure/foundry/openai/how-to/flex-processing: 50% discount.
			flex: { scale: '0.5' },
		},
	},
	anthropic: {
		service: {
			// https://platform.claude.com/docs/en/build-with-claude/batch-processing#pricing: 50% of standard prices.
			batch: { scale: '0.5' },
			// Priority Tier is a capacity commitment with no public per-token price: left unpriced.
		},
	},
	google: {
		service: {
			// https://ai.google.dev/gemini-api/docs/optimization: Batch and Flex at a 50% discount;
			// Priority at "75% to 100% more" (per model, not listed): left unpriced.
			// Vertex AI: https://docs.cloud.google.com/vertex-ai/generative-ai/docs/flex-paygo (50% off).
			batch: { scale: '0.5' },
			flex: { scale: '0.5' },
		},
	},
	groq: {
		service: {
			// https://console.groq.com/docs/batch: 50% lower cost.
			batch: { scale: '0.5' },
			// https://console.groq.com/docs/flex-processing: "Pricing matches the on-demand tier".
			flex: { scale: '1' },
		},
	},
	mistral: {
		// https://docs.mistral.ai/capabilities/batch/: batch requests at 50% of the standard price.
		service: { batch: { scale: '0.5' } },
	},
	xai: {
		// https://docs.x.ai/developers/models/grok-4.20-0309: "Batch API requests are billed at a 20% discount to standard rates."
		service: { batch: { scale: '0.8' } },
	},
	bedrock: {
		// https://aws.amazon.com/bedrock/pricing/: batch inference at 50% of on-demand. Flex and
		// Priority tiers are priced per model at a discount or premium not given here: unpriced.
		service: { batch: { scale: '0.5' } },
	},
};
