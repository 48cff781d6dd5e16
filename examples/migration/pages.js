// The legacy app's server-rendered HTML: plain template strings, as before the migration.

/** Escapes text for HTML: names and todos come from visitors. */
export function escapeHtml(text) {
	return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title, body) {
	return `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<title>${escapeHtml(title)}</title>
	</head>
	<body>
${body}
	</body>
</html>
`;
}

function todoItem(todo) {
	return `<li data-id="${todo.id}" data-by="${escapeHtml(todo.by)}"><span class="text">${escapeHtml(todo.text)}</span> <small>by ${escapeHtml(todo.by)}</small></li>`;
}

/**
 * The todo page. The list is rendered here, by the legacy app; the script then keeps it
 * current with the endpoints that moved to src/routes.
 * @param {{ visitor: string | undefined, todos: { id: number, text: string, by: string }[], problem?: string }} input
 */
export function homePage({ visitor, todos, problem }) {
	const who = visitor
		? `<p id="visitor" data-name="${escapeHtml(visitor)}">Hello, ${escapeHtml(visitor)}.</p>
		<form method="post" action="/logout"><button id="logout">Log out</button></form>
		<form id="add">
			<input id="text" name="text" required maxlength="200" placeholder="Something to do" />
			<button>Add</button>
		</form>`
		: `<p id="visitor">Hello, stranger. Log in to add todos.</p>
		<form method="post" action="/login">
			<label>Your name <input id="name" name="name" required maxlength="40" /></label>
			<button id="login">Log in</button>
		</form>`;

	return layout(
		'Todos',
		`		<h1>Todos</h1>
		${problem ? `<p id="problem">${escapeHtml(problem)}</p>` : ''}
		${who}
		<p id="status" role="status"></p>
		<ul id="todos">${todos.map(todoItem).join('')}</ul>
		<h2>Live</h2>
		<ul id="log"></ul>

		<script type="module">
			const list = document.querySelector('#todos');
			const log = document.querySelector('#log');
			const status = document.querySelector('#status');

			// the same markup as the server renders; textContent keeps visitors' text inert
			function show(todo) {
				if (list.querySelector(\`[data-id="\${todo.id}"]\`)) return;
				const item = document.createElement('li');
				item.dataset.id = todo.id;
				item.dataset.by = todo.by;
				const text = document.createElement('span');
				text.className = 'text';
				text.textContent = todo.text;
				const by = document.createElement('small');
				by.textContent = \`by \${todo.by}\`;
				item.append(text, ' ', by);
				list.append(item);
			}

			// POST /api/todos, served by src/routes/api/todos/+server.js. The list is not updated
			// from the answer: the event stream tells every open page, this one included.
			document.querySelector('#add')?.addEventListener('submit', async (event) => {
				event.preventDefault();
				const input = event.target.elements.text;
				const response = await fetch('/api/todos', {
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body: JSON.stringify({ text: input.value })
				});
				if (response.ok) {
					input.value = '';
					status.textContent = '';
				} else {
					status.textContent = (await response.json()).message;
				}
			});

			// GET /api/events, served by src/routes/api/events/+server.js
			const events = new EventSource('/api/events');
			events.addEventListener('todo', (event) => {
				const todo = JSON.parse(event.data);
				show(todo);
				const line = document.createElement('li');
				line.dataset.id = todo.id;
				line.textContent = \`\${todo.by} added “\${todo.text}”\`;
				log.append(line);
			});
			// on every (re)connection, catch up with what was added while the stream was down
			events.addEventListener('open', async () => {
				document.body.dataset.stream = 'open';
				const response = await fetch('/api/todos', { headers: { accept: 'application/json' } });
				for (const todo of await response.json()) show(todo);
			});
			events.addEventListener('error', () => {
				document.body.dataset.stream = 'reconnecting';
			});
		</script>`
	);
}

export function notFoundPage(path) {
	return layout('Not found', `		<h1>Not found</h1>\n		<p>Nothing at ${escapeHtml(path)}. <a href="/">Back to the todos</a></p>`);
}

export function errorPage(status, message) {
	return layout(`Error ${status}`, `		<h1>Error ${status}</h1>\n		<p>${escapeHtml(message)} <a href="/">Back to the todos</a></p>`);
}
