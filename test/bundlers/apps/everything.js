// Every entry point, kept alive on globalThis: the positive control, in which every marker the
// other apps must not contain is found (so their absence there means tree-shaking, not a bad marker).
// Bundled only, not run: `cloudflare:workers` exists only in workerd.
import { createTracker } from 'tokentab';
import { TokentabDurableObject, durableObjectStore } from 'tokentab/cloudflare';
import { indexedDBStore } from 'tokentab/idb';
import { exportToOpenTelemetry } from 'tokentab/otel';
import { trackKy } from 'tokentab/ky';
import { catalogJSON } from 'tokentab/prices';
import anthropic from 'tokentab/prices/anthropic';
import openai from 'tokentab/prices/openai';
import { loadPrices } from 'tokentab/remote';

Object.assign(globalThis, { createTracker, TokentabDurableObject, durableObjectStore, indexedDBStore, trackKy, exportToOpenTelemetry, catalogJSON, anthropic, openai, loadPrices });
