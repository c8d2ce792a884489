import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

/** A port nobody listens on now, on loopback. */
async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export interface RedisServer {
	url: string;
	/** SIGKILL: no shutdown save, only what the append-only file already holds survives. */
	kill(): Promise<void>;
	/** Starts it again on the same port and data folder. */
	start(): Promise<void>;
	stop(): Promise<void>;
}

/** A real redis-server (Debian's package) on a free loopback port, its data in a temporary folder, append-only with fsync on every write. */
export async function startRedisServer(): Promise<RedisServer> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'tokentab-redis-'));
	const url = `redis://127.0.0.1:${port}`;
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
		for (let tries = 0; ; tries++) {
			const probe = createClient({ url, socket: { reconnectStrategy: false } });
			probe.on('error', () => undefined);
			try {
				await probe.connect();
				await probe.ping();
				await probe.close();
				return;
			} catch (error) {
				if (tries > 100) throw error;
				await sleep(50);
			}
		}
	};
	const kill = async () => {
		const exited = new Promise((resolve) => child?.once('exit', resolve));
		child?.kill('SIGKILL');
		await exited;
	};
	await start();
	return {
		url,
		kill,
		start,
		async stop() {
			await kill();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
