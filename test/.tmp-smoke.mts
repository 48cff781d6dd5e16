import { endpoints } from '../src/index.js';
import { createApp } from './fixtures/legacy-express/app.js';
const { kit } = createApp({ endpoints });
await kit.ready;
