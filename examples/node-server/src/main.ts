// `npm start`: the server with the settings from the environment, until Ctrl-C.
import { configFromEnv } from './config.js';
import { startServer } from './server.js';

const config = configFromEnv();
const server = await startServer(config);
console.log(`tokentab node-server on ${server.url} (upstream ${config.openaiBaseUrl}, Redis ${config.redisUrl}, daily budget ${config.dailyBudgetUsd ? `$${config.dailyBudgetUsd} a user` : 'none'})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
