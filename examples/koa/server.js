import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const server = createApp().listen(port, () => {
	console.log(`Koa example app on http://localhost:${port}`);
	console.log(`Try: curl 'http://localhost:${port}/api/random-number?min=1&max=6'`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => server.close(() => process.exit(0)));
}
