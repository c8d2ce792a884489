import type { Holds } from '../budgets/reserve';
import type { FinishedCall } from '../observe/fetch';
import { lazy } from '../model/lazy';
import { peekString } from '../providers/peek';
import { gatewayModel } from '../providers/route';
import type { UsageReading } from '../providers/types';
import { errorMessage, iso, type SessionState, type TrackerContext } from './context';
import { attempt } from './guard';
import { buildRecord, type CallFields, commit, track } from './recording';
import { parseRequest } from './request';

/** Usage estimates (a stream cut before its usage), loaded with the first. */
const estimates = lazy(() => import('../estimate/estimate'));

interface Read {
	fields: CallFields;
	reading?: UsageReading;
	requestBody?: string;
	error?: unknown;
}

/** What a finished call says: its fields, and its reading as served (the router's provider and model, the tier asked for). */
function readCall(call: FinishedCall, requestBody: string | undefined): Read {
	let reading: UsageReading | undefined;
	let error: unknown;
	try {
		reading = call.body.read();
	} catch (e) {
		error = e;
	}
	let provider = call.route.provider;
	let requested = call.route.model ?? (requestBody === undefined ? undefined : peekString(requestBody, 'model'));
	const viaGateway = requested !== undefined ? gatewayModel(provider, requested) : undefined;
	if (viaGateway) ({ provider, model: requested } = viaGateway);
	const failed = call.status >= 400;
	const fields: CallFields = {
		id: call.id,
		startedAt: iso(call.startedAt),
		endedAt: iso(call.endedAt),
		provider,
		format: call.route.format,
		host: call.host,
		...(requested === undefined ? {} : { requestedModel: requested }),
		stream: call.body.stream,
		status: call.status,
		...(failed ? { failed } : {}),
	};
	if (reading) {
		// A tier the response does not name is the one the request asked for (`service_tier: 'flex'`).
		const askedTier = reading.serviceTier === undefined && requestBody !== undefined ? peekString(requestBody, 'service_tier') : undefined;
		// A router's served model may keep the provider in its name, as the request did (`…:cerebras`).
		const served = viaGateway && reading.model ? gatewayModel(call.route.provider, reading.model) : undefined;
		reading = { ...reading, provider, ...(served ? { model: served.model } : {}), ...(askedTier ? { serviceTier: askedTier } : {}) };
	}
	return { fields, ...(reading ? { reading } : {}), ...(requestBody === undefined ? {} : { requestBody }), ...(error === undefined ? {} : { error }) };
}

/** The usage never fully arrived: keep what the stream gave, estimate the rest (loaded on first use: only streams without usage are estimated). */
async function estimateRest(context: TrackerContext, read: Read, reading: UsageReading): Promise<void> {
	const { fields } = read;
	const { estimateUsage } = await estimates();
	const model = reading.model ?? fields.requestedModel;
	const estimated = attempt(() =>
		estimateUsage(reading.usage, parseRequest(read.requestBody), reading.outputChars ?? 0, { provider: fields.provider, model, unsizedInputTokens: context.options.unsizedInputTokens }),
	);
	if (estimated.ok) {
		read.reading = { ...reading, usage: estimated.value.usage };
		Object.assign(fields, { usageSource: 'estimated', estimate: estimated.value.estimate, usageUpper: estimated.value.upper });
	} else {
		read.error = estimated.error;
		fields.problem = `the usage could not be estimated: ${errorMessage(estimated.error)}`;
	}
}

/** Records a call `session.fetch` made, off the app's path. */
export function recordFetched(context: TrackerContext, state: SessionState, call: FinishedCall, alone: boolean): Promise<unknown> {
	return track(context, state, async (budgeted) => {
		const read = readCall(call, await call.requestBody);
		const { reading, fields } = read;
		if (read.error !== undefined && !fields.failed) {
			fields.problem = `unreadable response: ${errorMessage(read.error)}`;
		} else if (reading && !fields.failed && (!reading.usage || reading.complete === false) && (reading.usage || read.requestBody || reading.outputChars)) {
			await estimateRest(context, read, reading);
		} else if (!reading?.usage && !fields.failed) {
			fields.problem = call.body.outcome === 'done' ? 'the response carried no usage' : `the stream ended (${call.body.outcome}) before usage arrived`;
		}
		const record = await buildRecord(context, state, read.reading, fields, call.startedAt, undefined, call.route.owner);
		return commit(context, state, record, budgeted, alone, read.error, (call.ticket as Holds | undefined) ?? []);
	});
}
