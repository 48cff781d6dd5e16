import { createApp } from './app.js';
import { compareOptions } from './compare.js';

const port = Number(process.env.PORT ?? 3000);
// --compare: GET /api/todos/:id answered by the legacy route, compared with the new file
const compare = process.argv.includes('--compare') ? compareOptions() : undefined;
const server = createApp({ compare }).listen(port, () => {
	console.log(`Migration example (todos) on http://localhost:${port}${compare ? ', comparing /api/todos/[id]' : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	// open event streams would keep close() waiting: end them too
	process.once(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
