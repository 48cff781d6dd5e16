// Which routes of this app have moved, which have not, and whether a legacy route still hides a
// +server file: the shadowing report of the app in app.js.
//
//   npm run build && node examples/migration/shadow.js
//
// `npx kit-endpoints shadow <module>` prints the same for a module whose default export is the app.
import { formatShadowReport, shadowReport } from 'kit-endpoints';
import { createApp } from './app.js';

const report = await shadowReport(createApp());
console.log(process.argv.includes('--json') ? JSON.stringify(report, null, '\t') : formatShadowReport(report));
