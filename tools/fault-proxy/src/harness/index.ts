export { startApp, type AppExit, type AppProcess, type AppReport } from './app-process';
export { trackDelivered, type DeliveredTotals } from './delivered-totals';
export { METRIC_NAME, type AppConfig } from '../app/app-config';
