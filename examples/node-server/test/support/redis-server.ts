// A real redis-server (REDIS_SERVER, default `redis-server` on the PATH: `apt-get install
// redis-server`, `brew install redis`) on a free loopback port, its data in a temporary folder,
// append-only. The same as the tokentab repository's test/support/redis-server.ts, kept here because
// this folder is copied out of it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

/** A port nobody listens on now, on loopback. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export interface RedisServer {
	url: string;
	stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'node-server-redis-'));
	const url = `redis://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(process.env.REDIS_SERVER || 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'], {
		stdio: 'ignore',
	});
	const exited = new Promise((resolve) => child.once('exit', resolve));
	for (let tries = 0; ; tries++) {
		const probe = createClient({ url, socket: { reconnectStrategy: false } });
		probe.on('error', () => undefined);
		try {
			await probe.connect();
			await probe.ping();
			await probe.close();
			break;
		} catch (error) {
			if (tries > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}`, { cause: error });
			await sleep(50);
		}
	}
	return {
		url,
		async stop() {
			child.kill('SIGKILL');
			await exited;
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
