// Output of the demo: ordinary lines, plus one progress line redrawn in place on a terminal.
// Any line printed while the progress line is shown first erases it, so the two never mix.

export interface Terminal {
  log(line: string): void;
  progress(text: string): void;
  endProgress(): void;
}

export const SILENT_TERMINAL: Terminal = { log() {}, progress() {}, endProgress() {} };

export function createTerminal(stream: NodeJS.WriteStream = process.stdout): Terminal {
  const tty = stream.isTTY === true;
  let showing = false;
  let lastPlainProgress = 0;
  const clear = () => {
    if (showing) stream.write('\r\x1b[K');
    showing = false;
  };
  return {
    log(line) {
      clear();
      stream.write(line.endsWith('\n') ? line : `${line}\n`);
    },
    progress(text) {
      if (tty) {
        stream.write(`\r\x1b[K${text}`);
        showing = true;
        return;
      }
      // Not a terminal (piped, CI logs): no carriage returns, one line every 2 s.
      const now = Date.now();
      if (now - lastPlainProgress >= 2000) {
        lastPlainProgress = now;
        stream.write(`${text}\n`);
      }
    },
    endProgress() {
      if (showing) stream.write('\n');
      showing = false;
    },
  };
}
