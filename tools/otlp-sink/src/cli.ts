#!/usr/bin/env node
import { runCli, USAGE } from './cli-main';

const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l) };

runCli(process.argv.slice(2), io).then(
  (sink) => {
    if (!sink) return;
    const stop = () => {
      io.out(`otlp-sink: ${sink.requests.length} request(s), ${sink.points().length} point(s); stopping`);
      sink.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: Error) => {
    io.err(`otlp-sink: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  },
);
