// tokentab/core: the tracker without the bundled price catalog. Give it a catalog (a few providers'
// prices from `tokentab/prices/*`, or `loadPrices` from `tokentab/remote`) or custom prices. Catalog
// tools (decode, combine, validate) are in `tokentab/pricer`: the tracker loads them on first use.
// Reports first: rollup names the shared chunk after the last module it adds (the tracker).
export { reportToCSV } from './analytics/csv';
export { FIELD_GROUPS, TIME_GROUPS } from './analytics/types';
export type {
	FieldGroup,
	OneOrMore,
	Report,
	ReportFigures,
	ReportFiguresJSON,
	ReportGroup,
	ReportJSON,
	ReportOptions,
	ReportRow,
	ReportRowJSON,
	ReportWhere,
	TimeGroup,
} from './analytics/types';
export type { TimeIndexEntry } from './analytics/time-index';
export { createTracker } from './tracker/tracker';
export type { SessionHandleOptions, StartSessionOptions, Tracker, TrackerOptions, WaitUntil } from './tracker/tracker';
export type { LostCall, RetryOptions } from './tracker/ledger/ledger';
export type { ProviderRegistration } from './providers/route';
export type { PruneOptions, SessionExport, SessionFilter, SessionInfo } from './tracker/session-io';
export { Session } from './tracker/session';
export type { RecordInput } from './tracker/session';
export { END_STATES } from './model/summary';
export type { EndState, ModelCost, SessionEnd, SessionMeta, SessionSummary, SessionSummaryJSON } from './model/summary';
export type { CallRecord, Unpriced } from './model/record';
export type { EventListener, EventOf, Subscribe, TrackerEvent } from './tracker/events';
export type { BudgetConfig, BudgetWindow, CountTokens, ReservationOptions } from './budgets/types';
export type { BudgetScope } from './errors/BudgetExceededError';
export type { BudgetCounter, BudgetOp, BudgetResult } from './model/budget-counter';
export type { DecimalString, Prices } from './model/prices';
export type { BudgetEvent } from './budgets/budgets';
export { BudgetExceededError, budgetExceeded } from './errors/BudgetExceededError';
export type { BudgetExceededDetails } from './errors/BudgetExceededError';
export { TOKEN_BUCKETS, UNIT_BUCKETS, USAGE_BUCKETS } from './model/usage';
export type { TokenBucket, UnitBucket, Usage, UsageBucket } from './model/usage';
export { memoryStore } from './stores/memory';
export type { Store } from './stores/types';
export type { CatalogJSON, EntryJSON, ProviderJSON } from './pricing/format';
export type { CatalogInput } from './pricing/catalog-input';
export type {
	Catalog,
	CatalogData,
	CatalogSource,
	HourWindow,
	ModelPrice,
	PriceEvent,
	PricePeriod,
	PriceSet,
	PriceTier,
	ProviderInfo,
	ServiceTier,
	ServiceTiers,
} from './pricing/types';
export type { CustomPrices, ModelAliases } from './pricing/lookup';
export type { RepriceReport, RepricedCall } from './pricing/reprice';
export { TokentabError } from './errors/TokentabError';
export { InvalidArgumentError } from './errors/InvalidArgumentError';
export { UnknownSessionError } from './errors/UnknownSessionError';
export { UsageFormatError } from './errors/UsageFormatError';
export { StoreUnavailableError } from './errors/StoreUnavailableError';
export type { StoreUnavailableReason } from './errors/StoreUnavailableError';
