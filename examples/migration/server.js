import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const server = createApp().listen(port, () => {
	console.log(`Migration example (todos) on http://localhost:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	// open event streams would keep close() waiting: end them too
	process.once(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
