// `node --require @meterkit/auto/register app.js` (and, through dist/register.mjs,
// `node --import @meterkit/auto/register app.mjs`): set meterkit up before the app runs.
import { start } from './start';

start();
