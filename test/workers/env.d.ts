import type { TokentabDurableObject } from '../../src/stores/cloudflare/index';
import type { FaultyTokentabDurableObject } from './worker';

declare global {
	namespace Cloudflare {
		interface Env {
			TOKENTAB: DurableObjectNamespace<TokentabDurableObject>;
			FAULTY: DurableObjectNamespace<FaultyTokentabDurableObject>;
		}
	}
}
