// The hardening app in a child process (child-server.ts), and the abandoned requests the leak
// check and the soak send it. Not a spec file.
import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, Sample } from './child-server.js';
import { requestText } from './helpers.js';

const CHILD = fileURLToPath(new URL('./child-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the child server; resolves with it and its port. */
export async function startChild(
	env: NodeJS.ProcessEnv = {}
): Promise<{ child: ChildProcess; port: number; sample(): Promise<Sample>; stop(): Promise<void> }> {
	const child = fork(CHILD, [], {
		cwd: ROOT,
		execArgv: ['--expose-gc', '--import', 'tsx'],
		env: { ...process.env, ...env },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	const port = await new Promise<number>((resolve, reject) => {
		const onMessage = (message: ChildMessage) => {
			if (message.type === 'ready') {
				child.off('exit', onExit);
				child.off('message', onMessage);
				resolve(message.port);
			}
		};
		const onExit = (code: number | null) => reject(new Error(`the child server exited (${code}) before it was ready`));
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
	return {
		child,
		port,
		sample: () =>
			new Promise<Sample>((resolve, reject) => {
				const onExit = () => reject(new Error('the child server died'));
				child.once('exit', onExit);
				const onMessage = (message: ChildMessage) => {
					if (message.type !== 'sample') return;
					child.off('message', onMessage);
					child.off('exit', onExit);
					resolve(message);
				};
				child.on('message', onMessage);
				child.send({ type: 'sample' });
			}),
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				if (child.connected) child.send({ type: 'close' });
				else child.kill();
			})
	};
}

/**
 * One abandoned request: writes `text`, waits for the first bytes of the answer (or `wait` ms
 * when none will come), then resets the connection.
 */
export function abandon(port: number, text: Buffer, wait?: number): Promise<void> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let timer: NodeJS.Timeout | undefined;
		const done = () => {
			clearTimeout(timer);
			socket.destroy();
			resolve();
		};
		socket.on('error', done);
		socket.on('close', done);
		socket.on('connect', () => {
			socket.write(text);
			if (wait !== undefined) timer = setTimeout(done, wait);
		});
		if (wait === undefined) socket.once('data', done);
	});
}

/** The abandoned requests of the leak check, in rotation. */
export function abandonments(port: number): (() => Promise<void>)[] {
	const keepAlive = { connection: 'keep-alive' };
	return [
		() => abandon(port, requestText('GET', '/wait/stream', keepAlive)),
		() => abandon(port, requestText('GET', '/wait/sse', keepAlive)),
		() => abandon(port, requestText('GET', '/wait/abort', keepAlive), 15),
		() => abandon(port, requestText('POST', '/wait/body', { ...keepAlive, 'content-length': '100000' }, 'x'.repeat(5000)), 15),
		() => abandon(port, requestText('GET', '/fail/error-after-headers', keepAlive))
	];
}
